/**
 * A 3-part exercise with follow-through in the demo course's Newton lesson: a student answers
 * (a) wrong — the gradient without its linear terms, (32, −2) — (b) right, and (c) the Newton
 * step from their own (a): (7, −3) − H⁻¹(32, −2) = (7, −3) − (7, −3) = (0, 0), worked by hand
 * with H⁻¹ = (1/14)[[3, −1], [−1, 5]]. Part (a) is not right and its mistake is named; (b) and
 * (c) are credited; the score is 2 of 3.
 */
import { expect, test } from '@playwright/test';
import { enrolWithCode, INSTRUCTOR, setJoinCode, signIn, signUp } from './support';

const stamp = Date.now();
const JOIN_CODE = `PARTS-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Parts Student ${stamp}`, email: `parts-${stamp}@example.com`, password: 'parts-password-1' };

test('a wrong first part costs only that part: the later parts are credited on follow-through', async ({ page, browser }) => {
  const teacher = await (await browser.newContext()).newPage();
  await signIn(teacher, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, JOIN_CODE);

  await signUp(page, STUDENT);
  await enrolWithCode(page, JOIN_CODE);
  await page.goto('/courses/curvature/newton');
  const card = page.locator('[data-exercise="newton-three-parts"]');
  await expect(card.getByTestId('own-prompt')).toContainText('(c) x₁ One Newton step');

  await card.getByLabel('(a) ∇f(x₀)', { exact: true }).fill('[32, -2]');
  await card.getByLabel('(b) H', { exact: true }).fill('[5, 1; 1, 3]');
  await card.getByLabel('(c) x₁', { exact: true }).fill('[0, 0]');
  await card.getByRole('button', { name: 'Submit answers' }).click();

  const results = card.getByTestId('part-results');
  await expect(results).toBeVisible();
  await expect(results.locator('[data-part="grad"]')).toHaveAttribute('data-verdict', 'wrong');
  await expect(results.locator('[data-part="grad"]')).toContainText('You left out the linear terms');
  await expect(results.locator('[data-part="hess"]')).toHaveAttribute('data-verdict', 'correct');
  await expect(results.locator('[data-part="step"]')).toHaveAttribute('data-verdict', 'correct');
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'partly');
  await expect(card.getByTestId('result')).toContainText('67%');
  await teacher.close();
});
