/**
 * Figure answers in the browser (issue 21): a student answers by mouse (the pixel of the point
 * computed from the SVG's viewBox and bounding box), wrong and then right, and by keyboard only
 * (the marker's arrow keys, the α slider, Enter in the answer box).
 *
 * By hand: BFGS lesson, f = x² + 2y², x0 = (1, 1), H₀ = I, α = ¼: x1 = (1, 1) − ¼(2, 4) = (0.5, 0).
 * Newton lesson, f = x⁴ + y² from (1, 1): x − 4x³/(12x²) = 2/3, y − 2y/2 = 0 → (2/3, 0); the
 * tolerance is 0.02·3.2 = 0.064, so (0, 0) is wrong and (0.7, 0) is right (0.033 away).
 * Gradient-descent lesson: α converges within 10 iterations for α ∈ [0.2068, 0.387] (curvature
 * solve); the slider starts at 0.02 and PageUp moves it by a tenth of [0.02, 0.55]: 5 presses
 * give 0.285 (factors 1 − 2α = 0.43, 1 − 4α = −0.14 per step).
 */
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { makeFrame, toPixel } from '@/components/figures/plot';
import { loadCourse } from '@/lib/content/load';
import { solveSpec } from '@/lib/exercises';
import { joinAsNewStudent } from './support';

const stamp = Date.now();
const JOIN_CODE = `FIG-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Figure Student ${stamp}`, email: `figure-${stamp}@example.com`, password: 'figure-password-1' };
const RANGE = [-1.6, 1.6] as const; // 1.6·max(1, |x0|) for x0 = (1, 1)

/** Clicks the data point (x, y) of a figure answer's plot. */
async function clickAt(page: Page, card: Locator, x: number, y: number) {
  const svg = card.getByTestId('figure-input').locator('svg.plot');
  const [, , w, h] = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
  const [px, py] = toPixel(makeFrame(RANGE, w), x, y);
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  await page.mouse.click(box.x + (px / w) * box.width, box.y + (py / h) * box.height);
}

/** Presses Tab until `target` has the focus (a few stops at most). */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 6 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

test.describe.configure({ mode: 'serial' });

test('a student answers figure exercises by mouse and by keyboard', async ({ page, browser }) => {
  await joinAsNewStudent(browser, page, STUDENT, JOIN_CODE);

  // By mouse, right: the first BFGS step lands at (0.5, 0).
  await page.goto('/courses/curvature/bfgs');
  const bfgs = page.locator('[data-exercise="bfgs-first-step-on-figure"]');
  await expect(bfgs.getByTestId('figure-input').locator('svg.plot path').first()).toBeAttached();
  await clickAt(page, bfgs, 0.5, 0);
  await expect(bfgs.getByLabel('Your answer', { exact: true })).toHaveValue(/^\(0\.[45]\d*, -?0(\.0\d*)?\)$/);
  await expect(bfgs.getByTestId('figure-answer')).toContainText('Your point: (0.');
  await bfgs.getByRole('button', { name: 'Submit answer' }).click();
  await expect(bfgs.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');

  // Before any answer, the Newton step's reference (2/3, 0) is in neither the lesson's HTML, its
  // RSC payload nor the student’s lesson state: not as its LaTeX nor as the number 2/3 in JSON
  // (a rounded 0.6667 would not do as a needle: KaTeX writes 0.6667em struts in every page).
  const newtonSpec = (await loadCourse(path.resolve('content', 'curvature'))).lessons
    .find((l) => l.slug === 'newton')!
    .exercises.find((e) => e.key === 'newton-step-on-figure')!.spec;
  const needles = [solveSpec(newtonSpec).solution.latex, JSON.stringify(2 / 3)];
  const lessonState = page.waitForResponse((r) => r.url().includes('/api/lesson-state'));
  await page.goto('/courses/curvature/newton');
  const responses = [
    await (await lessonState).text(),
    await (await page.request.get('/courses/curvature/newton')).text(),
    await (await page.request.get('/courses/curvature/newton', { headers: { RSC: '1' } })).text(),
  ];
  expect(responses[0]).toContain('newton-step-on-figure');
  for (const text of responses) expect(needles.filter((n) => text.includes(n))).toEqual([]);

  // By mouse, wrong: (0, 0) for the Newton step on x⁴ + y².
  const newton = page.locator('[data-exercise="newton-step-on-figure"]');
  await expect(newton.getByTestId('figure-input').locator('svg.plot path').first()).toBeAttached();
  await clickAt(page, newton, 0, 0);
  const box = newton.getByLabel('Your answer', { exact: true });
  await expect(box).toHaveValue(/^\(-?0(\.0\d*)?, -?0(\.0\d*)?\)$/);
  await newton.getByRole('button', { name: 'Submit answer' }).click();
  await expect(newton.getByTestId('result')).toHaveAttribute('data-verdict', 'wrong');
  await expect(newton.getByTestId('figure-reference')).toHaveCount(0); // not before the answer may be shown

  // By keyboard only: the marker (at the last answer, about (0, 0)) moves 7 × 0.1 right with Shift.
  const marker = newton.getByRole('application', { name: /^Your point, at/ });
  await marker.focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect(box).toHaveValue(/^\(0\.7\d*, -?0(\.0\d*)?\)$/);
  await expect(marker).toHaveAttribute('aria-label', /Your point, at \(0\.7/);
  await tabTo(page, box);
  await page.keyboard.press('Enter');
  await expect(newton.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');

  // Typing moves the figure too, and the slider by keyboard: α = 0.285 converges in time.
  await page.goto('/courses/curvature/gradient-descent');
  const gd = page.locator('[data-exercise="gd-step-size-slider"]');
  const slider = gd.getByRole('slider', { name: 'Step size α' });
  await expect(slider).toBeVisible();
  const alphaBox = gd.getByLabel('Your answer', { exact: true });
  await alphaBox.fill('0.1');
  await expect(gd.getByTestId('figure-alpha')).toHaveText('α = 0.1');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(alphaBox).toHaveValue('0.02');
  for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp');
  await expect(alphaBox).toHaveValue('0.285');
  await expect(gd.getByTestId('figure-answer')).toContainText('With α = 0.285, 10 steps of gradient descent');
  await tabTo(page, alphaBox);
  await page.keyboard.press('Enter');
  await expect(gd.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');
});
