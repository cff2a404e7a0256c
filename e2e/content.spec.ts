/**
 * Content at run time, in Chromium against the built app (issue 19):
 *
 * 1. A new course folder is dropped into the server's content root and published with
 *    `npm run content:sync` while the server runs: no build, no restart. Its lesson is then
 *    served, KaTeX already in the HTML the server sends, and listed on the home page.
 * 2. A lesson of it that tries to run code on the server is refused by the next sync with
 *    file:line:column, and the page keeps serving the last good version.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';

const ROOT = path.resolve('data', 'e2e', 'content');
const SLUG = `optics-${Date.now()}`;
const META = 'export const meta = { title: "Thin lenses", summary: "The lens equation.", objectives: ["Use the lens equation."] }\n\n';

function sync(): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/content-sync.ts', SLUG], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve('data', 'e2e', 'curvature.db')}`, CURVATURE_CONTENT_DIR: ROOT },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

test.describe.configure({ mode: 'serial' });

test('a course folder dropped in the content root is served after a sync, with no build', async ({ page, request }) => {
  fs.mkdirSync(path.join(ROOT, SLUG));
  fs.writeFileSync(path.join(ROOT, SLUG, 'course.json'), JSON.stringify({ slug: SLUG, title: 'Optics', description: 'Lenses and mirrors.', lessons: ['lenses'] }));
  fs.writeFileSync(path.join(ROOT, SLUG, 'lenses.mdx'), META + 'A thin lens obeys $\\frac{1}{f} = \\frac{1}{u} + \\frac{1}{v}$.\n');
  expect((await request.get(`/courses/${SLUG}/lenses`)).status()).toBe(404);

  const started = Date.now();
  const r = sync();
  expect(r.out).toContain(`content ${SLUG}: published`);
  expect(r.status).toBe(0);
  const res = await request.get(`/courses/${SLUG}/lenses`);
  const elapsed = Date.now() - started;
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain('<span class="katex">');
  expect(html).toContain('<annotation encoding="application/x-tex">\\frac{1}{f} = \\frac{1}{u} + \\frac{1}{v}</annotation>');
  console.log(`new course: synced and served in ${elapsed} ms`);

  await page.goto('/');
  await page.getByRole('link', { name: 'Thin lenses' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thin lenses' })).toBeVisible();
  await expect(page.locator('.katex').first()).toBeVisible();
});

test('a lesson that tries to run code is refused at its line and column; the last good version serves', async ({ request }) => {
  fs.writeFileSync(path.join(ROOT, SLUG, 'lenses.mdx'), META + 'Gone: {process.exit(1)}\n');
  const r = sync();
  expect(r.status).toBe(1);
  expect(r.out).toContain(`content ${SLUG}: NOT published`);
  expect(r.out).toContain(`${SLUG}/lenses.mdx:3:7: `);
  const html = await (await request.get(`/courses/${SLUG}/lenses`)).text();
  expect(html).toContain('A thin lens obeys');
  expect(html).not.toContain('Gone:');
});
