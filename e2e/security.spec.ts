/**
 * Security of the running app, read over HTTP and in Chromium: every response carries the
 * security headers (server/security-headers.ts via proxy.ts) — a Content-Security-Policy
 * with a fresh nonce per page and no unsafe-eval, frame-ancestors 'self', nosniff, a
 * referrer policy, a permissions policy, no HSTS on http — and the pages still work under
 * it (no CSP violation while signing in through the form and opening a lesson). Revocation
 * on the next request: an admin demoted with the admin CLI is refused attempts.csv at once.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { INSTRUCTOR, signIn } from './support';

const stamp = Date.now().toString(36);

function admin(...args: string[]) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/admin.ts', ...args], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve('data', 'e2e', 'curvature.db')}` },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

test('every page and route carries the security headers, with a fresh nonce and no eval', async ({ request }) => {
  const nonces = new Set<string>();
  for (const url of ['/', '/sign-in', '/sign-up', '/api/health', '/courses/curvature/gradients']) {
    const res = await request.get(url, { maxRedirects: 0 });
    const h = res.headers();
    const csp = h['content-security-policy'];
    expect(csp, url).toBeTruthy();
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}';/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'self'( [^;]+)?(;|$)/);
    nonces.add(/'nonce-([^']+)'/.exec(csp)![1]);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['permissions-policy']).toContain('camera=()');
    expect(h['strict-transport-security']).toBeUndefined(); // BASE_URL is http here
  }
  expect(nonces.size).toBe(5);
  // The nonce of the page is the one on Next's inline scripts.
  const page = await request.get('/sign-in');
  const nonce = /'nonce-([^']+)'/.exec(page.headers()['content-security-policy'])![1];
  const html = await page.text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
  expect(inline.length).toBeGreaterThan(0);
  for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
});

test('the pages work under the policy: signing in through the form and a lesson raise no CSP violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, INSTRUCTOR, '/dashboard');
  await page.goto('/courses/curvature/gradients');
  await expect(page.locator('.katex').first()).toBeVisible();
  // The live preview loads the answer reader and KaTeX on demand (scripts the nonce'd ones load).
  await page.getByLabel('Your answer').first().fill('[1, 2]');
  await expect(page.getByTestId('preview').first().locator('.katex')).toBeVisible();
  expect(violations).toEqual([]);
});

test('an admin demoted with the admin CLI is refused attempts.csv on the very next request', async ({ browser }) => {
  const email = `root-${stamp}@example.com`;
  const password = 'root-password-12345';
  admin('create-user', '--email', email, '--name', 'Root', '--role', 'admin', '--password', password);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, { email, password }, '/dashboard');
  const csv = '/teach/curvature/export/attempts.csv';
  expect((await context.request.get(csv, { maxRedirects: 0 })).status()).toBe(200);
  admin('set-role', '--email', email, '--role', 'student');
  const after = await context.request.get(csv, { maxRedirects: 0 });
  expect([401, 403]).toContain(after.status());
  await context.close();
});

test('a server action posted from another origin, or another scheme, is refused with 403 (not 500)', async ({ request, baseURL }) => {
  const post = (origin: string) =>
    request.post('/dashboard', { headers: { 'next-action': 'a'.repeat(42), origin, 'content-type': 'text/plain;charset=UTF-8' }, data: '[]', maxRedirects: 0 });
  expect((await post('https://evil.example')).status()).toBe(403);
  // Same host and port, https instead of the site's http.
  expect((await post(baseURL!.replace(/^http:/, 'https:'))).status()).toBe(403);
});
