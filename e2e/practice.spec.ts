/**
 * Practice mode in the browser: a new student uses up their attempts on a randomised
 * exercise, then practises on new variants — answered wrong, then right — and none of it is
 * stored as an attempt. The right answer is computed here from the practice question's own
 * matrix: a symmetric [a b; b c] has eigenvalues (a + c)/2 ± √(((a − c)/2)² + b²).
 */
import { expect, test, type Locator } from '@playwright/test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { joinAsNewStudent } from './support';

const stamp = Date.now();
const JOIN_CODE = `PRACTICE-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Practice Student ${stamp}`, email: `practice-${stamp}@example.com`, password: 'practice-password-1' };
const EXERCISE = 'eigenvalues-2x2';
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');

function attemptCount(email: string): number {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS n FROM Attempt a JOIN User u ON u.id = a.userId WHERE u.email = ?').get(email) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

/** The entries of the 2 × 2 matrix in a question, read from KaTeX's TeX annotation. */
async function matrixOf(prompt: Locator): Promise<[number, number, number]> {
  const tex = (await prompt.locator('annotation[encoding="application/x-tex"]').allTextContents()).find((t) => t.includes('matrix'));
  if (!tex) throw new Error('no matrix in the question');
  const body = /\\begin\{[pb]matrix\}([\s\S]*?)\\end\{[pb]matrix\}/.exec(tex)![1]!;
  const [a, b, , c] = body.split(/\\\\|&/).map((s) => Number(s.trim()));
  return [a!, b!, c!];
}

test('a student who has finished an exercise practises on new variants that are never stored', async ({ page, browser }) => {
  await joinAsNewStudent(browser, page, STUDENT, JOIN_CODE);
  await page.goto('/courses/curvature/eigenvalues');
  const card = page.locator(`[data-exercise="${EXERCISE}"]`);
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  // Nothing to practise on before the exercise is finished.
  await expect(card.getByTestId('practice')).toHaveCount(0);

  // Three wrong attempts (b ≠ 0, so the eigenvalues are never 0 and 0) finish it.
  for (let i = 1; i <= 3; i++) {
    await card.getByLabel('Your answer', { exact: true }).fill(`0, ${i * 1000}`);
    await card.getByRole('button', { name: 'Submit answer' }).click();
    await expect(card.getByTestId('attempts')).toHaveText(`Attempts: ${i} of 3 used.`);
  }
  await expect(card.getByTestId('solution')).toBeVisible();
  const ownPrompt = await card.getByTestId('own-prompt').innerText();

  const practice = card.getByTestId('practice');
  await practice.getByRole('button', { name: 'Practise on a new variant' }).click();
  const prompt = practice.getByTestId('practice-prompt');
  await expect(prompt).toBeVisible();
  await expect(practice.getByRole('heading', { name: /Practice variant 1/ })).toBeVisible();
  expect(await prompt.innerText()).not.toBe(ownPrompt);

  // A wrong practice answer: graded, with the worked answer to look at.
  await practice.getByLabel('Your answer', { exact: true }).fill('0, 1000');
  await practice.getByRole('button', { name: 'Submit answer' }).click();
  await expect(practice.getByTestId('result')).toHaveAttribute('data-verdict', 'wrong');
  await expect(practice.getByTestId('practice-solution')).toBeVisible();

  // The right one, worked out here from the practice question's matrix.
  const [a, b, c] = await matrixOf(prompt);
  const mid = (a + c) / 2;
  const radius = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  await practice.getByLabel('Your answer', { exact: true }).fill(`${(mid - radius).toFixed(6)}, ${(mid + radius).toFixed(6)}`);
  await practice.getByRole('button', { name: 'Submit answer' }).click();
  await expect(practice.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');

  // Another variant replaces the question and clears the result.
  await practice.getByRole('button', { name: 'Another variant' }).first().click();
  await expect(practice.getByRole('heading', { name: /Practice variant 2/ })).toBeVisible();
  await expect(practice.getByTestId('result')).toHaveCount(0);

  // Nothing of the practice was stored: the card and the database still count three attempts.
  await expect(card.getByTestId('attempts')).toHaveText('Attempts: 3 of 3 used.');
  expect(attemptCount(STUDENT.email)).toBe(3);
  await page.reload();
  await expect(card.getByTestId('attempts')).toHaveText('Attempts: 3 of 3 used.');
});
