/**
 * Runs before every page and route: puts the security headers (server/security-headers.ts)
 * on the response, with a fresh nonce that Next.js reads from the request's
 * Content-Security-Policy header and puts on its own inline scripts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { makeNonce, securityHeaders } from '@/server/security-headers';

export function proxy(request: NextRequest) {
  const nonce = makeNonce();
  const headers = securityHeaders({ nonce });
  const forward = new Headers(request.headers);
  forward.set('x-nonce', nonce);
  forward.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: forward } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Not the build's static files (immutable, no scripts run from them).
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image).*)' }],
};
