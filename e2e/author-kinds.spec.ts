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

/**
 * A choice answered with its radio buttons, in the eigenvalues lesson: H = [[1, 2], [2, 4]] has
 * det 0 and trace 5, so eigenvalues 0 and 5 — positive semidefinite, not definite. The student
 * first clicks "positive definite" (the author's mistake: its message is shown), then picks the
 * right statement with the keyboard alone (arrow keys in the radio group, Tab to Submit, Enter).
 * The options are shuffled per student, so they are found by their text, never by position.
 */
test('a choice is answered with radio buttons, by mouse and by keyboard', async ({ page, browser }) => {
  const teacher = await (await browser.newContext()).newPage();
  await signIn(teacher, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, JOIN_CODE);
  await teacher.close();

  const student = { ...STUDENT, name: `Choice Student ${stamp}`, email: `choice-${stamp}@example.com` };
  await signUp(page, student);
  await enrolWithCode(page, JOIN_CODE);
  await page.goto('/courses/curvature/eigenvalues');
  const card = page.locator('[data-exercise="trough-statement"]');
  const group = card.getByRole('group', { name: 'Your answer' });
  await expect(group.getByRole('radio')).toHaveCount(4);
  // The options' math is rendered by KaTeX, and the question above no longer lists them.
  await expect(group.locator('.katex').first()).toBeVisible();
  await expect(card.getByTestId('own-prompt')).not.toContainText('positive definite');
  const definite = group.getByRole('radio', { name: /^It is positive definite/ });
  const semidefinite = group.getByRole('radio', { name: /^It is positive semidefinite/ });
  const submit = card.getByRole('button', { name: 'Submit answer' });
  await expect(submit).toBeDisabled();

  // Wrong, by mouse: clicking the option's text picks it.
  await group.locator('label', { hasText: 'It is positive definite' }).click();
  await expect(definite).toBeChecked();
  await submit.click();
  const result = card.getByTestId('result');
  await expect(result).toHaveAttribute('data-verdict', 'wrong');
  await expect(result).toContainText('only semidefinite');
  await expect(card.getByTestId('attempts')).toContainText('1');

  // Right, by keyboard: focus the checked radio, move with the arrow keys until the right one is checked.
  await definite.focus();
  for (let i = 0; i < 4 && !(await semidefinite.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(semidefinite).toBeChecked();
  await expect(definite).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(submit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');
  await expect(card.getByTestId('exercise-status')).toContainText('Correct');
});
