/**
 * Numeric cards say what accuracy they need, and grade by it (issue 18, item 10): the
 * eigenvalues of [[6, 1], [1, 4]] are 5 ∓ √2 = 3.58579…, 6.41421…; rounded to the 3
 * significant figures the card asks for they are 3.59 and 6.41 — 3.59 is 0.12 % off, more
 * than the 0.1 % tolerance, and is right all the same. 3.58 (0.16 % off, not the rounding) is not.
 */
import { expect, test } from '@playwright/test';
import { enrolWithCode, INSTRUCTOR, setJoinCode, signIn, signUp } from './support';

const stamp = Date.now();
const JOIN_CODE = `ACCURACY-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Accuracy Student ${stamp}`, email: `accuracy-${stamp}@example.com`, password: 'accuracy-password-1' };

test('a numeric card states its accuracy and accepts answers rounded to it', async ({ page, browser }) => {
  const teacher = await (await browser.newContext()).newPage();
  await signIn(teacher, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, JOIN_CODE);
  await teacher.context().close();

  await signUp(page, STUDENT);
  await enrolWithCode(page, JOIN_CODE);
  await page.goto('/courses/curvature/eigenvalues');
  const card = page.locator('[data-exercise="eigenvalues-worked-example"]');
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  await expect(card.getByTestId('accuracy')).toHaveText('Give numbers to 3 significant figures (or within 0.1 %).');
  // A label card asks for no accuracy.
  await expect(page.locator('[data-exercise="definiteness-worked-example"]').getByTestId('accuracy')).toHaveCount(0);

  const answer = card.getByLabel('Your answer', { exact: true });
  await answer.fill('3.58, 6.41');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'partly');

  await answer.fill('3.59, 6.41');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');
});
