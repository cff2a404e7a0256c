/** The header policy (server/security-headers.ts): HSTS only on https, framing widened only by origins. */
import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, frameAncestors, makeNonce, securityHeaders, setFramingOrigins } from '@/server/security-headers';

describe('security headers', () => {
  afterEach(() => setFramingOrigins([]));

  it('sends HSTS and upgrade-insecure-requests only when BASE_URL is https', () => {
    const https = securityHeaders({ nonce: 'abc', env: { BASE_URL: 'https://curvature.example.edu', NODE_ENV: 'production' } });
    expect(https['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(https['Content-Security-Policy']).toContain('upgrade-insecure-requests');
    const http = securityHeaders({ nonce: 'abc', env: { BASE_URL: 'http://localhost:3000', NODE_ENV: 'production' } });
    expect(http['Strict-Transport-Security']).toBeUndefined();
    expect(http['Content-Security-Policy']).not.toContain('upgrade-insecure-requests');
  });

  it('allows eval only in development', () => {
    expect(contentSecurityPolicy({ nonce: 'n', env: { NODE_ENV: 'production' } })).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ nonce: 'n', env: { NODE_ENV: 'development' } })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: 'n0nce', env: {} })).toContain("script-src 'self' 'nonce-n0nce'; ");
  });

  it("frames by 'self' only, widened by CURVATURE_FRAME_ANCESTORS and setFramingOrigins with bare origins only", () => {
    expect(frameAncestors({})).toEqual(["'self'"]);
    expect(frameAncestors({ CURVATURE_FRAME_ANCESTORS: 'https://lms.example.edu, https://evil.example/path *' })).toEqual(["'self'", 'https://lms.example.edu']);
    setFramingOrigins(['https://canvas.example.edu', "'unsafe-inline'", 'javascript:alert(1)', 'https://moodle.example.edu/']);
    expect(frameAncestors({})).toEqual(["'self'", 'https://canvas.example.edu', 'https://moodle.example.edu']);
    expect(contentSecurityPolicy({ nonce: 'n', env: {} })).toContain("frame-ancestors 'self' https://canvas.example.edu https://moodle.example.edu");
  });

  it('makes a different 128-bit nonce each time', () => {
    const a = makeNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(makeNonce()).not.toBe(a);
  });
});
