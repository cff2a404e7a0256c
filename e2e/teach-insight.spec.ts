/**
 * The instructor's misconceptions view and exercise preview in Chromium, with real sign-ins
 * (issue #7):
 *
 * 1. The instructor sets a join code; a new student signs up, enrols and submits a wrong
 *    answer on the Hessian lesson that is diagnosed: f = x³ + y³ + 2xy has
 *    H(1, 2) = [6 2; 2 12], and [3.00023, 2; 2, 6] is within the default tolerance
 *    (rtol 1e-3: |3.00023 − 3| ≤ 0.003) of the halved diagonal [3 2; 2 6]. It is typed with
 *    extra spaces, which the report tidies.
 * 2. The instructor opens Misconceptions: the diagnosis is counted (as many students as the
 *    database holds), the student's answer is among the common wrong answers, the chart
 *    has its bar and its table for screen readers.
 * 3. Preview of that exercise at seed 7 and at the student's seed (from the select): the
 *    reference answer [6, 2; 2, 12] and three worked steps; the student's variant of a
 *    randomised exercise has exactly the question the student saw on the lesson page.
 * 4. Try as student: right, wrong (diagnosed) and unreadable answers are graded — and no
 *    attempt is stored for the instructor (the e2e SQLite file, opened read-only).
 * Plus: students get 403, signed-out visitors are sent to sign in, a bad seed is explained.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import path from 'node:path';
import { variantSeed } from '@/lib/content';
import { enrolWithCode, INSTRUCTOR, setJoinCode, signIn, signUp } from './support';

const COURSE = 'curvature';
const LESSON = 'hessian';
const EXERCISE = 'hessian-worked-example';
const RANDOMISED = 'hessian-at-point';
const stamp = Date.now();
const JOIN_CODE = `INSIGHT-${stamp.toString(36).toUpperCase()}`;
const STUDENT = { name: `Insight Student ${stamp}`, email: `insight-${stamp}@example.com`, password: 'insight-password-1' };
const TYPED = '  [3.00023,   2; 2, 6] ';
const TIDIED = '[3.00023, 2; 2, 6]';
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');

test.describe.configure({ mode: 'serial' });

/** The e2e database, read-only: the tests only look. */
function query<T>(sql: string, ...args: unknown[]): T {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...args) as T;
  } finally {
    db.close();
  }
}

/** A new browser context signed in as `who`, on `next`. */
async function signedIn(browser: Browser, who: { email: string; password: string }, next: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who, next);
  return page;
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

let studentPrompt = '';

test('a new student enrols and makes a diagnosed mistake on the Hessian lesson', async ({ browser }) => {
  const teacher = await signedIn(browser, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, JOIN_CODE);

  const page = await (await browser.newContext()).newPage();
  await signUp(page, STUDENT);
  await enrolWithCode(page, JOIN_CODE, COURSE);

  await page.goto(`/courses/${COURSE}/${LESSON}`);
  const card = page.locator(`[data-exercise="${EXERCISE}"]`);
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  await card.getByLabel('Your answer').fill(TYPED);
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'partly');
  await expect(card.getByTestId('diagnosis')).toContainText('half the right ones');

  // The question of a randomised exercise as this student sees it, to compare with the preview.
  const own = page.locator(`[data-exercise="${RANDOMISED}"]`).getByTestId('own-prompt');
  await expect(own).toBeVisible();
  studentPrompt = (await own.innerText()).trim();
  expect(studentPrompt).toContain('Hessian');

  // Students are refused the instructor views with a real 403.
  for (const view of ['misconceptions', 'preview', `preview/${EXERCISE}?seed=7`]) {
    const res = await page.goto(`/teach/${COURSE}/${view}`);
    expect(res?.status(), view).toBe(403);
    await expect(page.getByTestId('forbidden')).toBeVisible();
  }
});

test('signed-out visitors are sent to sign in', async ({ page }) => {
  await page.goto(`/teach/${COURSE}/misconceptions`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.goto(`/teach/${COURSE}/preview/${EXERCISE}?seed=7`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test('the instructor sees the mistake counted, the answer among the common wrong ones, and the chart', async ({ browser }) => {
  const page = await signedIn(browser, INSTRUCTOR, `/teach/${COURSE}/misconceptions`);
  await expect(page.getByRole('heading', { name: 'Misconceptions', level: 1 })).toBeVisible();

  // As many students as the database holds for this diagnosis (other tests may add some); at least ours.
  const expected = query<{ n: number }>(
    `SELECT COUNT(DISTINCT a.userId) AS n FROM Attempt a
       JOIN Exercise e ON e.id = a.exerciseId JOIN Course c ON c.id = e.courseId
       JOIN Enrollment en ON en.userId = a.userId AND en.courseId = c.id AND en.role = 'student'
     WHERE c.slug = ? AND e.key = ? AND a.diagnosisId = 'diagonal-halved'`,
    COURSE,
    EXERCISE,
  ).n;
  expect(expected).toBeGreaterThanOrEqual(1);
  // No regrade touched these attempts, so their own diagnosis is the one that counts.
  expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM Grade g JOIN Attempt a ON a.id = g.attemptId JOIN Exercise e ON e.id = a.exerciseId WHERE e.key = ?`, EXERCISE).n).toBe(0);

  const section = page.locator(`section[data-exercise="${EXERCISE}"]`);
  const row = section.locator('tr[data-diagnosis="diagonal-halved"]');
  await expect(row).toContainText('half the right ones');
  await expect(row.locator('td').first()).toHaveText(String(expected));
  const answers = section.getByTestId('wrong-answers');
  const ours = answers.locator('tr', { has: page.locator('code', { hasText: TIDIED }) });
  await expect(ours).toHaveCount(1);
  await expect(ours.locator('td').nth(1)).toHaveText('1'); // typed once…
  await expect(ours.locator('td').nth(2)).toHaveText('1'); // …by one student

  const mistake = page.getByTestId('summary-mistakes').locator('li[data-mistake="diagonal-halved"]');
  await expect(mistake).toContainText('half the right ones');
  const chart = page.getByTestId('chart-mistakes');
  await expect(chart.locator('svg [data-bar="hessian-diagonal-halved"]')).toHaveCount(1);
  await expect(chart.locator('table th[scope="row"]', { hasText: 'half the right ones' })).toHaveCount(1);
  await expect(page.getByTestId('chart-first-try').locator(`svg [data-bar="${EXERCISE}"]`)).toHaveCount(1);

  // One lesson only.
  await page.getByLabel('Lesson', { exact: true }).selectOption(LESSON);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`misconceptions\\?lesson=${LESSON}$`));
  await expect(page.locator('section[data-exercise]').first()).toHaveAttribute('data-exercise', /^hessian/);
  await expect(section.getByTestId('wrong-answers')).toContainText(TIDIED);
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(`/teach/${COURSE}/misconceptions?lesson=no-such-lesson`);
  await expect(page.getByTestId('lesson-not-found')).toContainText('no-such-lesson');
});

test('the instructor previews the exercise at seed 7 and at the student’s seed, and tries answers', async ({ browser }) => {
  const page = await signedIn(browser, INSTRUCTOR, `/teach/${COURSE}/preview`);
  await page.locator(`li[data-exercise="${EXERCISE}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`/preview/${EXERCISE}$`));
  await expect(page.getByTestId('variant')).toHaveAttribute('data-seed', '0');

  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Show variant' }).click();
  await expect(page).toHaveURL(new RegExp(`/preview/${EXERCISE}\\?seed=7$`));
  const variant = page.getByTestId('variant');
  await expect(variant).toHaveAttribute('data-seed', '7');
  await expect(variant.getByRole('heading', { level: 2 })).toHaveText('Variant for seed 7');
  await expect(page.getByTestId('preview-prompt')).toContainText('Compute the Hessian');
  // H(1, 2) = [6 2; 2 12], as worked out at the top.
  await expect(page.getByTestId('preview-answer-text')).toHaveText('[6, 2; 2, 12]');
  await expect(page.getByTestId('preview-answer').locator('.katex')).toBeVisible();
  await expect(page.getByTestId('preview-steps').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('preview-params')).toContainText('no parameters');
  await expect(page.getByTestId('preview-settings')).toContainText('Attempts');

  // Try as student: nothing of it may be stored.
  const instructor = query<{ id: string }>('SELECT id FROM user WHERE email = ?', INSTRUCTOR.email);
  const stored = () => query<{ n: number }>('SELECT COUNT(*) AS n FROM Attempt').n;
  const theirs = () => query<{ n: number }>('SELECT COUNT(*) AS n FROM Attempt WHERE userId = ?', instructor.id).n;
  const before = { all: stored(), instructor: theirs() };
  const tryBox = page.getByTestId('try');
  await tryBox.getByLabel('Your answer').fill('[6, 2; 2, 12]');
  await tryBox.getByRole('button', { name: 'Submit answer' }).click();
  const result = tryBox.getByTestId('try-result');
  await expect(result).toHaveAttribute('data-verdict', 'correct');
  await expect(result).toContainText('Score 100%');
  await tryBox.getByLabel('Your answer').fill('[3, 2; 2, 6]');
  await tryBox.getByRole('button', { name: 'Submit answer' }).click();
  await expect(result).toHaveAttribute('data-verdict', 'partly');
  await expect(result).toContainText('2 of 4 entries right'); // the diagonal is wrong
  await expect(tryBox.getByTestId('try-diagnosis')).toContainText('half the right ones');
  await tryBox.getByLabel('Your answer').fill('[6, 2; 2');
  await tryBox.getByRole('button', { name: 'Submit answer' }).click();
  await expect(tryBox.getByTestId('try-unreadable')).toContainText('Could not read this answer');
  expect(await axeViolations(page)).toEqual([]);

  // The student's own variant, from the select.
  const student = query<{ id: string }>('SELECT id FROM user WHERE email = ?', STUDENT.email);
  await page.getByLabel('Seed of student').selectOption({ label: `${STUDENT.name} (${STUDENT.email})` });
  await page.getByRole('button', { name: 'Show their variant' }).click();
  await expect(page).toHaveURL(new RegExp(`student=${student.id}$`));
  await expect(variant).toHaveAttribute('data-seed', String(variantSeed(student.id, EXERCISE)));
  await expect(variant.getByRole('heading', { level: 2 })).toContainText(`Variant of ${STUDENT.name}`);
  await expect(page.getByTestId('preview-answer-text')).toHaveText('[6, 2; 2, 12]');
  await expect(page.getByTestId('preview-steps').locator('li')).toHaveCount(3);

  // A randomised exercise: the student's variant is the question they were shown.
  await page.goto(`/teach/${COURSE}/preview/${RANDOMISED}?student=${encodeURIComponent(student.id)}`);
  await expect(page.getByTestId('variant')).toHaveAttribute('data-seed', String(variantSeed(student.id, RANDOMISED)));
  expect((await page.getByTestId('preview-prompt').innerText()).trim()).toBe(studentPrompt);
  await expect(page.getByTestId('preview-params').locator('tbody tr')).toHaveCount(4); // a, b, p, q

  // A bad seed is explained, not guessed at.
  for (const bad of ['-1', '2147483648', 'abc', '1.5']) {
    await page.goto(`/teach/${COURSE}/preview/${EXERCISE}?seed=${encodeURIComponent(bad)}`);
    await expect(page.getByTestId('seed-error')).toHaveText('A seed is a whole number from 0 to 2147483647.');
    await expect(page.getByTestId('variant')).toHaveCount(0);
  }
  const missing = await page.goto(`/teach/${COURSE}/preview/no-such-exercise`);
  expect(missing?.status()).toBe(404);

  // Nothing was stored by trying: no attempt for the instructor, none at all.
  expect({ all: stored(), instructor: theirs() }).toEqual(before);
  expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM Attempt a JOIN Exercise e ON e.id = a.exerciseId WHERE a.userId = ? AND e.key = ?', instructor.id, EXERCISE).n).toBe(0);
});
