/**
 * Runs before every page and route: refuses a server action from another origin (403), and
 * puts the security headers (server/security-headers.ts) on the response, with a fresh nonce that Next.js reads from the request's
 * Content-Security-Policy header and puts on its own inline scripts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { makeNonce, sameOrigin, securityHeaders } from '@/server/security-headers';

export function proxy(request: NextRequest) {
  const nonce = makeNonce();
  const headers = securityHeaders({ nonce });
  // A server action posted from another origin: refused here with 403 (Next.js itself would
  // refuse it too, but with a 500 that looks like a fault of the app).
  if (request.method === 'POST' && request.headers.has('next-action') && !sameOrigin(request.headers)) {
    return new NextResponse('This request did not come from this site.', { status: 403, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
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
