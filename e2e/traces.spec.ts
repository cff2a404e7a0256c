/**
 * A trace exercise in the browser (issue 21): a student fills the 3-row BFGS trace of the
 * BFGS lesson with a slip in row 1, leaves and comes back to the draft, submits, and sees row 1
 * marked and rows 2–3 credited "correct given your row 1"; their path is drawn on the contours
 * as they type, and the reference path once the worked answer is shown.
 *
 * f = x² + 2y², x0 = (1, 1), α = 1/4, H0 = I. The slip p0 = (−2, −2) (the reference is (−2, −4))
 * leads, by hand, to x1 = (1/2, 1/2), ∇f = (1, 2), H1 = [[19, −5], [−5, 7]]/18, p1 = (−1/2, −1/2),
 * f(x2) = 27/64; x2 = (3/8, 3/8), ∇f = (3/4, 3/2), H2 = H1, p2 = (−3/8, −3/8), f(x3) = 243/1024.
 */
import { expect, test } from '@playwright/test';
import { joinAsNewStudent } from './support';

const stamp = Date.now();
const JOIN_CODE = `TRACE-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Trace Student ${stamp}`, email: `trace-${stamp}@example.com`, password: 'trace-password-1' };

const SLIP: [label: string, text: string][] = [
  ['Row 1: ∇f(x₀)', '[2, 4]'],
  ['Row 1: p₀', '[-2, -2]'],
  ['Row 1: f(x₁)', '3/4'],
  ['Row 2: x₁', '[1/2, 1/2]'],
  ['Row 2: ∇f(x₁)', '[1, 2]'],
  ['Row 2: H₁', '[19/18, -5/18; -5/18, 7/18]'],
  ['Row 2: p₁', '[-1/2, -1/2]'],
  ['Row 2: f(x₂)', '27/64'],
  ['Row 3: x₂', '[3/8, 3/8]'],
  ['Row 3: ∇f(x₂)', '[3/4, 3/2]'],
  ['Row 3: H₂', '[19/18, -5/18; -5/18, 7/18]'],
  ['Row 3: p₂', '[-3/8, -3/8]'],
  ['Row 3: f(x₃)', '243/1024'],
];

test('a student fills a BFGS trace with an early slip, resumes the draft, and gets follow-through credit with both paths drawn', async ({ page, browser }) => {
  await joinAsNewStudent(browser, page, STUDENT, JOIN_CODE);
  await page.goto('/courses/curvature/bfgs');
  const card = page.locator('[data-exercise="bfgs-trace"]');
  await expect(card.getByTestId('trace-table')).toBeVisible();
  // x₀ and H₀ are given.
  await expect(card.getByTestId('trace-table').locator('tr[data-row="1"]')).toContainText('given');

  // Half the trace, then away and back: the draft comes back.
  for (const [label, text] of SLIP.slice(0, 6)) await card.getByLabel(label, { exact: true }).fill(text);
  await expect(card.getByTestId('draft-note')).toHaveText(/Draft saved\./);
  await page.reload();
  await expect(card.getByTestId('draft-note')).toHaveText(/Your draft was restored/);
  await expect(card.getByLabel('Row 2: H₁', { exact: true })).toHaveValue('[19/18, -5/18; -5/18, 7/18]');

  for (const [label, text] of SLIP.slice(6)) await card.getByLabel(label, { exact: true }).fill(text);
  // The student's path on the figure: x₀ and the two x_k they typed.
  const figure = card.getByTestId('trace-figure');
  await expect(figure.getByTestId('student-path')).toHaveAttribute('data-points', '3');
  await expect(figure.getByTestId('student-path')).toContainText('(0.5, 0.5) → (0.375, 0.375)');
  await expect(figure.getByTestId('reference-path')).toHaveCount(0); // not before the worked answer is shown

  await card.getByRole('button', { name: 'Submit answers' }).click();
  const result = card.getByTestId('result');
  await expect(result).toHaveAttribute('data-verdict', 'partly');
  const parts = result.getByTestId('part-results');
  await expect(parts.locator('[data-part="r1-p"]')).toHaveAttribute('data-verdict', 'partly');
  for (const id of ['r2-x', 'r2-H', 'r3-p', 'r3-f']) {
    await expect(parts.locator(`[data-part="${id}"]`)).toHaveAttribute('data-verdict', 'correct');
    await expect(parts.locator(`[data-part="${id}"]`).getByTestId('part-note')).toHaveText(/Correct given your row 1\./);
  }

  // The second and last attempt shows the worked answer, and the reference path beside the student's.
  await card.getByRole('button', { name: 'Submit answers' }).click();
  await expect(card.getByTestId('attempts')).toHaveText('Attempts: 2 of 2 used.');
  await expect(card.getByTestId('solution')).toBeVisible();
  await expect(figure.getByTestId('reference-path')).toHaveAttribute('data-points', '4');
  await expect(figure.getByTestId('reference-path')).toContainText('(1, 1) → (0.5, 0)');
  await expect(figure.getByTestId('student-path')).toHaveAttribute('data-points', '3');
  await expect(figure.locator('path.run')).toHaveCount(2);
});
