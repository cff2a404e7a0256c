/**
 * Every page at a desktop's width (1366 px) and a phone's (390 px): the page itself never
 * scrolls sideways (wide formulas and tables scroll inside their own boxes). A screenshot of
 * each is kept in test-results/layout/ to look at. Signed out, as the demo student (who answers
 * one exercise first, so that the history and the gradebook have rows) and as the instructor.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { INSTRUCTOR, signIn } from './support';

const STUDENT = { email: 'student@example.com', password: 'curvature-student' };
const WIDTHS = [1366, 390];

/** Loads `path` at each width; fails naming every page and width where the page scrolls sideways. */
async function checkPages(page: Page, who: string, paths: string[]): Promise<void> {
  const overflowing: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const name = `${who}${path.replace(/[^a-z0-9]+/gi, '-')}-${width}`.replace(/-+$/, '');
      await page.screenshot({ path: `test-results/layout/${name}.png`, fullPage: true });
      if (overflow > 1) overflowing.push(`${path} at ${width} px: ${overflow} px too wide`);
    }
  }
  expect(overflowing, 'pages that scroll sideways').toEqual([]);
}

// Many pages, each loaded and photographed at two widths.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

test('signed-out pages fit a desktop and a phone', async ({ page }) => {
  // The mailed-link pages too, as someone whose link is broken or lost sees them.
  await checkPages(page, 'public', ['/', '/sign-in', '/sign-up', '/courses/curvature/hessian', '/courses/curvature/bfgs', '/unlock?token=not-a-token', '/invitation?token=not-a-token', '/verify-email?token=not-a-token']);
});

test('student pages fit a desktop and a phone', async ({ page }) => {
  await signIn(page, STUDENT, '/dashboard');
  await page.goto('/courses/curvature/hessian');
  const card = page.locator('[data-exercise="hessian-worked-example"]');
  await card.getByLabel('Your answer', { exact: true }).fill('[6, 2; 2, 11]');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toBeVisible();
  await checkPages(page, 'student', ['/dashboard', '/dashboard/history', '/courses/curvature/hessian', '/courses/curvature/newton', '/courses/curvature/gradient-descent', '/courses/curvature/assessments']);
  // A figure answer on a phone: drawn, with its slider, and no wider than the screen.
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('/courses/curvature/gradient-descent');
  const figure = page.locator('[data-exercise="gd-step-size-slider"]').getByTestId('figure-input');
  await expect(figure.locator('svg.plot')).toBeVisible();
  await expect(figure.getByRole('slider', { name: 'Step size α' })).toBeVisible();
  const box = (await figure.locator('svg.plot').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
});

test('instructor pages fit a desktop and a phone', async ({ page }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  const base = '/teach/curvature';
  await page.goto(`${base}/gradebook`);
  const studentHref = await page.locator('a[href*="/teach/curvature/students/"]').first().getAttribute('href');
  await checkPages(page, 'teach', [
    '/dashboard',
    base,
    `${base}/gradebook`,
    studentHref!,
    `${base}/misconceptions`,
    `${base}/preview`,
    `${base}/preview/hessian-worked-example`,
    `${base}/regrade`,
    `${base}/roster`,
    `${base}/settings`,
    `${base}/edit`,
    `${base}/edit/hessian`,
    `${base}/edit/assessments/homework-1`,
    `${base}/edit/course.json`,
    `${base}/assessments`,
    `${base}/assessments/quiz-1/log`,
    `${base}/lms`,
  ]);
});

test('admin pages fit a desktop and a phone', async ({ page }) => {
  const admin = { email: `layout-admin-${Date.now()}@example.com`, password: 'layout-admin-password' };
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/admin.ts', 'create-user', '--email', admin.email, '--name', 'Layout Admin', '--role', 'admin', '--password', admin.password], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve('data', 'e2e', 'curvature.db')}` },
  });
  await signIn(page, admin, '/admin/lti');
  await checkPages(page, 'admin', ['/admin/lti']);
});
