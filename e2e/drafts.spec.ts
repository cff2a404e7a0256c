/**
 * Server-side drafts of a trace (issue 21): a student fills two rows of the BFGS lesson's trace,
 * then opens the lesson in a fresh browser (no cookies, no localStorage of the first), signs in
 * as the same student and finds the rows back; they submit there, and the draft is gone for
 * every browser. While the server cannot be reached the card says the draft is not saved and
 * retries; once back online it is saved.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { joinAsNewStudent, signIn } from './support';

const stamp = Date.now();
const JOIN_CODE = `DRAFT-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Draft Student ${stamp}`, email: `draft-${stamp}@example.com`, password: 'draft-password-1' };
const LESSON = '/courses/curvature/bfgs';

// Rows 1 and 2 of the trace (f = x² + 2y², x0 = (1, 1), α = 1/4; see e2e/traces.spec.ts).
const TWO_ROWS: [label: string, text: string][] = [
  ['Row 1: ∇f(x₀)', '[2, 4]'],
  ['Row 1: p₀', '[-2, -4]'],
  ['Row 1: f(x₁)', '1/4'],
  ['Row 2: x₁', '[1/2, 0]'],
  ['Row 2: ∇f(x₁)', '[1, 0]'],
  ['Row 2: H₁', '[169/162, -11/81; -11/81, 23/81]'],
  ['Row 2: p₁', '[-169/162, 11/81]'],
  ['Row 2: f(x₂)', '2777/46656'],
];

async function freshStudentPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, STUDENT, LESSON);
  return page;
}

test('a trace draft is saved on the server, resumed in another browser, and gone once submitted', async ({ page, browser }) => {
  await joinAsNewStudent(browser, page, STUDENT, JOIN_CODE);
  await page.goto(LESSON);
  const card = page.locator('[data-exercise="bfgs-trace"]');
  await expect(card.getByTestId('trace-table')).toBeVisible();
  for (const [label, text] of TWO_ROWS) await card.getByLabel(label, { exact: true }).fill(text);
  await expect(card.getByTestId('draft-note')).toHaveText('Draft saved.');

  // Another browser: nothing of the first one's storage, the same student.
  const laptop = await freshStudentPage(browser);
  const there = laptop.locator('[data-exercise="bfgs-trace"]');
  await expect(there.getByTestId('draft-note')).toHaveText('Your draft was restored.');
  for (const [label, text] of TWO_ROWS) await expect(there.getByLabel(label, { exact: true })).toHaveValue(text);
  await expect(there.getByLabel('Row 3: x₂', { exact: true })).toHaveValue('');

  // Submitted there: an attempt, and the draft is gone (a third browser and the first both start empty).
  await there.getByRole('button', { name: 'Submit answers' }).click();
  await expect(there.getByTestId('result')).toBeVisible();
  await expect(there.getByTestId('attempts')).toHaveText('Attempts: 1 of 2 used.');
  const third = (await freshStudentPage(browser)).locator('[data-exercise="bfgs-trace"]');
  await expect(third.getByTestId('attempts')).toHaveText('Attempts: 1 of 2 used.');
  await expect(third.getByLabel('Row 1: ∇f(x₀)', { exact: true })).toHaveValue('');
  await expect(third.getByTestId('draft-note')).toHaveCount(0);
  await page.reload();
  await expect(card.getByTestId('attempts')).toHaveText('Attempts: 1 of 2 used.');
  await expect(card.getByLabel('Row 1: ∇f(x₀)', { exact: true })).toHaveValue('');
});

test('offline, the draft says it is not saved and retries; back online it is saved', async ({ browser }) => {
  const page = await freshStudentPage(browser);
  const card = page.locator('[data-exercise="bfgs-trace"]');
  await expect(card.getByTestId('trace-table')).toBeVisible();
  await page.context().setOffline(true);
  await card.getByLabel('Row 1: ∇f(x₀)', { exact: true }).fill('[2, 4]');
  await expect(card.getByTestId('draft-note')).toHaveText('Not saved — retrying (the server could not be reached). A copy is kept in this browser.');
  await expect(card.getByTestId('draft-note')).toHaveAttribute('data-kind', 'retrying');
  await page.context().setOffline(false);
  await expect(card.getByTestId('draft-note')).toHaveText('Draft saved.');
  // And it is on the server: another browser gets it.
  const other = (await freshStudentPage(browser)).locator('[data-exercise="bfgs-trace"]');
  await expect(other.getByLabel('Row 1: ∇f(x₀)', { exact: true })).toHaveValue('[2, 4]');
});
