/**
 * The live figures in Chromium: two lessons walked through (gradient descent, Newton), a
 * figure's parameter changed (κ, the methods, the start point by keyboard and by click) and
 * the drawn path and the text alternative checked to follow; figure code loads only when a
 * figure scrolls into view; axe finds no violations on lesson pages with live figures, nor
 * in any live figure of the course.
 *
 * Expected numbers come from the curriculum notes (lesson 6: with α* from (1, 1) the loss of
 * ½(x² + κy²) falls below 1e-4 after 1 step for κ = 1 and 28 steps for κ = 10; lesson 7:
 * Newton from (3.2, 3.2) on the report function reaches (4, 4)).
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import course from '../content/curvature/course.json' with { type: 'json' };

const GD = '/courses/curvature/gradient-descent';
const NEWTON = '/courses/curvature/newton';

/** Scrolls the figure into view and waits for its live part. */
async function liveFigure(page: Page, name: string, nth = 0) {
  const fig = page.locator(`figure[data-figure="${name}"]`).nth(nth);
  await fig.scrollIntoViewIfNeeded();
  await expect(fig.locator('[data-state="live"]')).toBeVisible();
  return fig;
}

test('gradient descent lesson: the κ slider changes the path and the text', async ({ page }) => {
  await page.goto(GD);
  const fig = await liveFigure(page, 'optimiser-paths');
  // The server's description stays as the text alternative next to the live figure.
  await expect(fig.locator('.figure-placeholder')).toContainText('Contour plot');
  const text = fig.locator('[aria-live="polite"]');
  const path = fig.locator('path.run-gd');
  await expect(text).toContainText('κ = 10.');
  const before = await path.getAttribute('d');
  expect(before).toMatch(/^M/);

  const kappa = fig.getByRole('slider', { name: /κ =/ });
  await kappa.fill('0'); // κ = 1: α* = 1 lands on the minimum in one step
  await expect(text).toContainText('κ = 1.');
  await expect(text).toContainText('Gradient descent (α = 1) from (1, 1) converges in 1 step at (0, 0)');
  expect(await path.getAttribute('d')).not.toBe(before);

  // The loss curve below says when the loss falls under 1e-4: 28 steps for κ = 10.
  const loss = await liveFigure(page, 'loss-curve');
  await expect(loss.locator('[aria-live="polite"]')).toContainText('falls below 1e-4 after 28 steps');
  await loss.getByRole('slider', { name: /κ =/ }).fill('0');
  await expect(loss.locator('[aria-live="polite"]')).toContainText('falls below 1e-4 after 1 step,');
  await expect(loss.locator('[aria-live="polite"]')).not.toContainText('28 steps');

  // Too large a step: the text no longer says it converges.
  await kappa.fill('1');
  await fig.getByRole('slider', { name: /Step size/ }).fill('1.5');
  await expect(text).toContainText('stops after 100 steps');
});

test('Newton lesson: methods toggle, the start moves by keyboard and by click', async ({ page }) => {
  await page.goto(GD);
  await page.getByRole('link', { name: /Newton/ }).last().click();
  await expect(page).toHaveURL(NEWTON);
  const fig = await liveFigure(page, 'optimiser-paths');
  const text = fig.locator('[aria-live="polite"]');
  // From (3.2, 3.2) Newton reaches the minimum (4, 4).
  await expect(text).toContainText(/Newton from \(3\.2, 3\.2\) converges in \d steps? at \(4, 4\)/);
  await expect(fig.locator('path.run-gd')).toHaveCount(2);

  await fig.getByRole('checkbox', { name: 'Gradient descent' }).uncheck();
  await expect(fig.locator('path.run-gd')).toHaveCount(0);
  await expect(text).not.toContainText('Gradient descent');

  // The first start (1, 1) is the movable one; → moves it right by 0.2 (the round step nearest 7/40).
  const plot = fig.getByRole('application');
  const newtonPath = fig.locator('path.run-newton').first();
  const before = await newtonPath.getAttribute('d');
  await plot.focus();
  await page.keyboard.press('ArrowRight');
  await expect(text).toContainText('Newton from (1.2, 1)');
  expect(await newtonPath.getAttribute('d')).not.toBe(before);

  // A click puts the start where the click is (centre of the plot: about (2.5, 2.5)).
  const box = (await plot.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.46);
  await expect(text).not.toContainText('Newton from (1.2, 1)');
  await expect(text).toContainText(/Newton from \(2\.\d+, 2\.\d+\)/);
});

test('figure code loads only when a figure scrolls into view', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto(NEWTON);
  await page.waitForLoadState('networkidle');
  const fig = page.locator('figure[data-figure="optimiser-paths"]');
  await expect(fig.locator('[data-state="waiting"]')).toHaveCount(1);
  const before = scripts.length;
  await liveFigure(page, 'optimiser-paths');
  expect(scripts.length).toBeGreaterThan(before);
});

/** axe's findings as "rule: targets" lines (empty when there are none). */
async function axeFindings(page: Page, only?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (only) builder.include(only);
  const results = await builder.analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('lesson pages with live figures have no axe violations', async ({ page }) => {
  test.setTimeout(180_000); // three whole lesson pages through axe
  // critical-points (report function), bfgs (three methods) and eigenvalues (matrix inputs).
  for (const [lesson, figure] of [['critical-points', 'critical-points'], ['bfgs', 'optimiser-paths'], ['eigenvalues', 'quadratic-bowl']]) {
    await page.goto(`/courses/curvature/${lesson}`);
    await liveFigure(page, figure);
    expect(await axeFindings(page), lesson).toEqual([]);
  }
});

test('every live figure of the course passes axe', async ({ page }) => {
  test.setTimeout(240_000);
  const lessons = ['gradients', 'hessian', 'taylor-models', 'gradient-descent', 'newton', 'lbfgs', 'hessian-vector-products', 'preconditioning'];
  for (const lesson of lessons) {
    await page.goto(`/courses/curvature/${lesson}`);
    for (const fig of await page.locator('figure[data-figure]').all()) {
      await fig.scrollIntoViewIfNeeded();
      await expect(fig.locator('[data-state="live"]')).toBeVisible();
    }
    expect(await axeFindings(page, 'figure[data-figure]'), lesson).toEqual([]);
  }
});

test('every lesson page of the course has no axe violations', async ({ page }) => {
  test.setTimeout(240_000);
  for (const lesson of course.lessons) {
    await page.goto(`/courses/curvature/${lesson}`);
    expect(await axeFindings(page), lesson).toEqual([]);
  }
});
