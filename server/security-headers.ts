/**
 * The security headers of every response, in one place (proxy.ts applies them; anything that
 * answers a framed page — LTI — can call securityHeaders with its own frame ancestors):
 *
 *   Content-Security-Policy  scripts only from this origin or with this response's nonce
 *                            (Next.js puts the nonce on its own inline scripts), no eval in
 *                            production; styles from here or inline (KaTeX and the editor set
 *                            style attributes); nothing from other origins; no plugins;
 *                            framing by this origin only, unless widened (below)
 *   X-Content-Type-Options   nosniff
 *   Referrer-Policy          strict-origin-when-cross-origin (the pages of mailed links send none)
 *   Permissions-Policy       no camera, microphone, location, payment, USB, …
 *   Strict-Transport-Security  one year, when BASE_URL is https
 *
 * Who may frame the app: 'self', the origins in CURVATURE_FRAME_ANCESTORS (space- or
 * comma-separated), and those given to setFramingOrigins (the LTI code passes its registered
 * platforms' origins there).
 */

const FRAMING = Symbol.for('curvature.framing-origins');
type WithFraming = typeof globalThis & { [FRAMING]?: readonly string[] };

/** Replaces the extra origins allowed to frame the app (e.g. the registered LMS platforms). Kept per process. */
export function setFramingOrigins(origins: readonly string[]): void {
  (globalThis as WithFraming)[FRAMING] = origins.filter(isOrigin);
}

/** Whether `s` is a bare http(s) origin (no path), safe to put into a CSP source list. */
function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** Everyone allowed to frame the app: 'self', CURVATURE_FRAME_ANCESTORS and setFramingOrigins'. */
export function frameAncestors(env: Record<string, string | undefined> = process.env): string[] {
  const fromEnv = (env.CURVATURE_FRAME_ANCESTORS ?? '').split(/[\s,]+/).filter(isOrigin);
  const registered = (globalThis as WithFraming)[FRAMING] ?? [];
  return ["'self'", ...new Set([...fromEnv, ...registered].map((o) => o.replace(/\/$/, '')))];
}

/** A fresh nonce for one response (128 random bits, base64). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface HeaderOptions {
  nonce: string;
  /** Defaults to frameAncestors(). */
  ancestors?: string[];
  env?: Record<string, string | undefined>;
}

/** The Content-Security-Policy for one response. */
export function contentSecurityPolicy({ nonce, ancestors, env = process.env }: HeaderOptions): string {
  const dev = env.NODE_ENV === 'development';
  const https = (env.BASE_URL ?? '').startsWith('https:');
  return [
    "default-src 'self'",
    // Same-origin files (Next's chunks, /lti.js) and inline scripts carrying this response's
    // nonce; not 'strict-dynamic', which would ignore 'self' and block the LTI pages' script.
    // React needs eval only in development.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    `frame-ancestors ${(ancestors ?? frameAncestors(env)).join(' ')}`,
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Every security header of one response, by name. */
export function securityHeaders(options: HeaderOptions): Record<string, string> {
  const env = options.env ?? process.env;
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), browsing-topics=()',
  };
  if ((env.BASE_URL ?? '').startsWith('https:')) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/**
 * Whether a request comes from this site's own pages: a browser sends Origin with every POST,
 * and a page of another site would send its own. Scheme, host and port must all match: the
 * host is X-Forwarded-Host (behind a proxy; deploy/nginx sets Host to it as well) or Host; the
 * scheme is X-Forwarded-Proto, else BASE_URL's, else http — so a page served over plain http
 * (an attacker on the network) cannot post to the https site. A request without Origin is not
 * from a browser page (no browser omits it on a cross-site POST), so it cannot carry a
 * victim's cookies by accident. Used by POST /api/attempts and, for server actions, proxy.ts.
 */
export function sameOrigin(headers: Headers, env: Record<string, string | undefined> = process.env): boolean {
  const origin = headers.get('origin');
  if (origin === null) return headers.get('sec-fetch-site') !== 'cross-site';
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  const forwardedProto = headers.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase();
  let scheme = forwardedProto || 'http';
  if (!forwardedProto && env.BASE_URL) {
    try {
      scheme = new URL(env.BASE_URL).protocol.replace(':', '');
    } catch {
      // BASE_URL is checked at start-up; keep http
    }
  }
  try {
    const url = new URL(origin);
    return host !== null && url.host === host && url.protocol === `${scheme}:`;
  } catch {
    return false; // "null" (a sandboxed frame) or garbage
  }
}
