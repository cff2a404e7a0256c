/**
 * The gradebook in Chromium, signed in through the real forms: a new student signs up,
 * enrols with a join code, answers the Hessian worked example (half the diagonal: 50%) and
 * tries to submit an HTML payload, which the answer reader refuses (unreadable answers are
 * not stored). The hostile attempt is therefore written straight into the e2e database
 * (data/e2e/curvature.db), as a stored attempt of a later grader could hold such text. The
 * instructor then finds the student's row and score, limits the gradebook to a lesson,
 * sorts it, opens the drill-down (the payload is text: no <img>, window.__xss unset) and
 * downloads both CSV files, read back with the tests' independent RFC 4180 reader. Students
 * and signed-out visitors get 403/401 from the downloads.
 *
 * Expected scores are worked out by hand: f = x³ + y³ + 2xy has H(1, 2) = [6 2; 2 12];
 * "[3, 2; 2, 6]" gets 2 of 4 entries right → 0.5.
 */
import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadCourse } from '@/lib/content/load';
import { variantSeed } from '@/lib/content';
import { readCsvFile } from '../tests/teach/gradebook-csv-reader';
import { enrolWithCode, INSTRUCTOR, setJoinCode, signIn, signUp } from './support';

test.describe.configure({ mode: 'serial' });

const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');
const GRADEBOOK = '/teach/curvature/gradebook';
const stamp = Date.now().toString(36);
const JOIN_CODE = `GB-${stamp.toUpperCase()}`;
const GIL = { name: 'Gil Gradebook', email: `gil-${stamp}@example.com`, password: 'gil-password-123' };
const XSS = '<img src=x onerror="window.__xss=1">';
const NORMAL = '[3, 2; 2, 6]';

const course = await loadCourse(path.resolve('content', 'curvature'));
const exerciseCount = course.lessons.reduce((n, l) => n + l.exercises.length, 0);
const hessianCount = course.lessons.find((l) => l.slug === 'hessian')!.exercises.length;
const percent = (x: number) => `${Math.round(x * 100)}%`;
const round4 = (x: number) => String(Math.round(x * 1e4) / 1e4);

/** The cell of exercise `key` in the row of `email`: its position among the exercise headers. */
async function cellOf(page: Page, email: string, key: string) {
  const keys = await page.locator('[data-testid="gradebook"] thead th[data-key]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-key')));
  const index = keys.indexOf(key);
  expect(index).toBeGreaterThanOrEqual(0);
  // A row is: the name (th), then email, total, last activity, then one td per exercise.
  return page.locator(`[data-testid="gradebook"] tbody tr[data-email="${email}"] td`).nth(3 + index);
}

test('a new student signs up, enrols and answers; an unreadable HTML answer is not stored', async ({ page, browser }) => {
  // The instructor sets a join code for the demo course.
  await signIn(page, INSTRUCTOR, '/dashboard');
  await setJoinCode(page, JOIN_CODE);

  const student = await (await browser.newContext()).newPage();
  await signUp(student, GIL);
  await enrolWithCode(student, JOIN_CODE);

  await student.goto('/courses/curvature/hessian');
  const card = student.locator('[data-exercise="hessian-worked-example"]');
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  const answer = card.getByLabel('Your answer');
  await answer.fill(NORMAL);
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'partly');
  await expect(card.getByTestId('attempts')).toContainText(/Attempts: 1 of|Attempts used: 1 /);

  // The payload is not an answer the reader accepts: it is refused and not counted.
  const other = student.locator('[data-exercise="hessian-at-point"]');
  await expect(other.getByTestId('own-prompt')).toBeVisible();
  await other.getByLabel('Your answer').fill(XSS);
  await other.getByRole('button', { name: 'Submit answer' }).click();
  await expect(other.getByTestId('unreadable')).toContainText('This did not count as an attempt.');
  await expect(other.getByTestId('attempts')).toContainText(/Attempts: 0 of|Attempts used: 0 /);
  await student.context().close();

  // So it is stored the way the app stores attempts, straight into the e2e database.
  const db = new Database(DB_FILE, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const user = db.prepare('SELECT id FROM "user" WHERE email = ?').get(GIL.email) as { id: string };
    const ex = db
      .prepare('SELECT e.id, e.key, e.specHash, e.kindVersion FROM "Exercise" e JOIN "Course" c ON c.id = e.courseId WHERE c.slug = ? AND e.key = ?')
      .get('curvature', 'hessian-at-point') as { id: string; key: string; specHash: string; kindVersion: number };
    const when = new Date(Date.now() + 1000).toISOString().replace('Z', '+00:00'); // the adapter's DateTime text
    db.prepare(
      `INSERT INTO "Attempt" (id, userId, exerciseId, seed, specHash, graderVersion, answerText, score, correct, feedback, diagnosisId, idempotencyKey, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, '["Not right."]', NULL, ?, ?)`,
    ).run(randomUUID(), user.id, ex.id, variantSeed(user.id, ex.key), ex.specHash, ex.kindVersion, XSS, randomUUID(), when);
  } finally {
    db.close();
  }
});

test('the instructor reads the gradebook, filters, sorts, drills down and downloads both files', async ({ page }) => {
  await signIn(page, INSTRUCTOR, GRADEBOOK);
  await expect(page.getByRole('heading', { level: 1, name: 'Gradebook' })).toBeVisible();
  const row = page.locator(`[data-testid="gradebook"] tbody tr[data-email="${GIL.email}"]`);
  await expect(row.locator('th')).toHaveText(GIL.name);
  // Best 0.5 on one exercise, 0 on another, of all the course's: 0.5 / n.
  await expect(row.getByTestId('total')).toHaveText(percent(0.5 / exerciseCount));
  await expect(await cellOf(page, GIL.email, 'hessian-worked-example')).toHaveText('50×1');
  await expect(await cellOf(page, GIL.email, 'hessian-at-point')).toHaveText('0×1');
  await expect(await cellOf(page, GIL.email, 'gradient-at-point')).toHaveText(''); // not attempted
  await expect(page.getByTestId('formula-guard')).toContainText('apostrophe');
  // Nobody's stored text becomes markup here either.
  expect(await page.locator('img').count()).toBe(0);

  // One lesson: its columns only, and the total over them: 0.5 / (exercises of the Hessian lesson).
  await page.locator('select[name="lesson"]').selectOption('hessian');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/lesson=hessian/);
  await expect(page.locator('[data-testid="gradebook"] thead th[data-key]')).toHaveCount(hessianCount);
  await expect(row.getByTestId('total')).toHaveText(percent(0.5 / hessianCount));

  // Sort by total: highest first, then lowest first; the header says which.
  await page.locator('th[data-sort="total"] a').click();
  await expect(page).toHaveURL(/sort=total&dir=desc/);
  await expect(page).toHaveURL(/lesson=hessian/);
  await expect(page.locator('th[data-sort="total"]')).toHaveAttribute('aria-sort', 'descending');
  await expect(page.locator('th[data-sort="name"]')).not.toHaveAttribute('aria-sort', /./);
  const totals = async () =>
    (await page.locator('[data-testid="gradebook"] tbody [data-testid="total"]').allTextContents()).map((t) => Number(t.replace('%', '')));
  const desc = await totals();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await page.locator('th[data-sort="total"] a').click();
  await expect(page.locator('th[data-sort="total"]')).toHaveAttribute('aria-sort', 'ascending');
  const asc = await totals();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  await page.locator('th[data-sort="email"] a').click();
  await expect(page.locator('th[data-sort="email"]')).toHaveAttribute('aria-sort', 'ascending');

  // The drill-down: the stored payload is shown as text, and nothing runs.
  await row.locator('th a').click();
  await expect(page).toHaveURL(/\/teach\/curvature\/students\/[^/?]+$/);
  await expect(page.getByTestId('student-name')).toHaveText(GIL.name);
  await expect(page.getByTestId('student-email')).toHaveText(GIL.email);
  const attempts = page.getByTestId('attempt');
  await expect(attempts).toHaveCount(2);
  const hostile = page.locator('[data-testid="attempt"][data-exercise="hessian-at-point"]');
  await expect(hostile.getByTestId('answer-text')).toHaveText(XSS);
  const normal = page.locator('[data-testid="attempt"][data-exercise="hessian-worked-example"]');
  await expect(normal.getByTestId('answer-text')).toHaveText(NORMAL);
  await expect(normal.getByTestId('verdict')).toContainText('Partly correct');
  await expect(normal.getByTestId('verdict')).toContainText('50%');
  await expect(normal.getByTestId('diagnosis')).toContainText('half the right ones');
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

  // Limited to one exercise.
  await page.locator('select[name="exercise"]').selectOption('hessian-worked-example');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/exercise=hessian-worked-example/);
  await expect(attempts).toHaveCount(1);

  // Someone who is not in the course is not found.
  const missing = await page.goto('/teach/curvature/students/no-such-user');
  expect(missing?.status()).toBe(404);

  // Both downloads, read back.
  await page.goto(GRADEBOOK);
  const [gradebookFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Gradebook (CSV)' }).click()]);
  expect(gradebookFile.suggestedFilename()).toBe('curvature-gradebook.csv');
  const book = readCsvFile(new Uint8Array(fs.readFileSync(await gradebookFile.path())));
  const header = book[0];
  expect(header.slice(0, 2)).toEqual(['name', 'email']);
  expect(header.at(-1)).toBe('total');
  // Then the demo course's three assessments (content/curvature/assessments, points) and their weighted total, before the total.
  expect(header.slice(2 + exerciseCount, -1)).toEqual(['assessment:exam-1', 'assessment:homework-1', 'assessment:quiz-1', 'assessments_weighted_percent']);
  expect(header).toHaveLength(2 + exerciseCount + 3 + 1 + 1);
  const gil = book.find((r) => r[1] === GIL.email)!;
  expect(gil[0]).toBe(GIL.name);
  expect(gil[header.indexOf('hessian-worked-example')]).toBe('0.5');
  expect(gil[header.indexOf('hessian-at-point')]).toBe('0');
  expect(gil[header.indexOf('gradient-at-point')]).toBe('');
  expect(gil.at(-1)).toBe(round4(0.5 / exerciseCount));

  const [attemptsFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'All attempts (CSV)' }).click()]);
  expect(attemptsFile.suggestedFilename()).toBe('curvature-attempts.csv');
  const rows = readCsvFile(new Uint8Array(fs.readFileSync(await attemptsFile.path())));
  const cols = rows[0];
  const mine = rows.filter((r) => r[cols.indexOf('email')] === GIL.email);
  expect(mine).toHaveLength(2);
  const byKey = new Map(mine.map((r) => [r[cols.indexOf('exercise')], r]));
  const field = (key: string, col: string) => byKey.get(key)![cols.indexOf(col)];
  expect(field('hessian-worked-example', 'answer')).toBe(NORMAL);
  expect(field('hessian-worked-example', 'score')).toBe('0.5');
  expect(field('hessian-worked-example', 'correct')).toBe('false');
  expect(field('hessian-worked-example', 'diagnosis')).toBe('diagonal-halved');
  expect(field('hessian-worked-example', 'lesson')).toBe('hessian');
  expect(field('hessian-worked-example', 'regraded')).toBe('no');
  expect(field('hessian-at-point', 'answer')).toBe(XSS); // verbatim: "<" starts no formula
});

test('students and signed-out visitors get no gradebook and no downloads', async ({ browser, request }) => {
  for (const file of ['gradebook.csv', 'attempts.csv']) {
    const anonymous = await request.get(`/teach/curvature/export/${file}`, { maxRedirects: 0 });
    expect(anonymous.status()).toBe(401);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, GIL, '/dashboard');
  for (const file of ['gradebook.csv', 'attempts.csv']) {
    const res = await page.request.get(`/teach/curvature/export/${file}`);
    expect(res.status()).toBe(403);
    expect(await res.text()).not.toContain(GIL.email);
  }
  const pageRes = await page.goto(GRADEBOOK);
  expect(pageRes?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await context.close();
});
