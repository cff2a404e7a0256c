/**
 * The instructor's settings and regrade pages in Chromium, with real sign-ins (issue #7):
 *
 * 1. The instructor (browser in Europe/Berlin) makes a join code, sets the gradients lesson
 *    to 1 attempt and a due date — a bad attempts value first, which is refused beside its
 *    field while the typed date stays — and the date is stored in UTC.
 * 2. A new student enrols with the code, sees "0 of 1" attempts on the lesson's first
 *    exercise and makes a near miss: (7.05, 14) for ∇f(1, 2) = (7, 14) is half right under
 *    the default tolerance (|7.05 − 7| = 0.05 > 1e-3 · 7).
 * 3. The instructor gives the student an extension (summer time: stored two hours earlier).
 * 4. The exercise's spec is widened in the e2e database (rtol 0.01: 0.05 ≤ 0.07), as a
 *    content sync would; Preview lists the change 50% → 100%, Apply records it, the run is
 *    listed with its change, and the student's dashboard score for the lesson rises.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { loadCourse } from '@/lib/content/load';
import { enrolWithCode, INSTRUCTOR, signIn, signUp } from './support';

const COURSE = 'curvature';
const LESSON = 'gradients';
const EXERCISE = 'gradient-worked-example';
const stamp = Date.now();
const STUDENT = { name: `Manage Student ${stamp}`, email: `manage-${stamp}@example.com`, password: 'manage-password-1' };
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');
const NEAR_MISS = '(7.05, 14)';

test.describe.configure({ mode: 'serial' });
test.use({ timezoneId: 'Europe/Berlin' });

const course = await loadCourse(path.resolve('content', COURSE));
/** Exercises in the gradients lesson: its dashboard score is the mean of their best scores. */
const lessonSize = course.lessons.find((l) => l.slug === LESSON)!.exercises.length;
const lessonTitle = course.lessons.find((l) => l.slug === LESSON)!.title;

let joinCode = '';

function db() {
  return new Database(DB_FILE);
}

/** A new browser context in Berlin time, signed in as `who`, on `next`. */
async function signedIn(browser: Browser, who: { email: string; password: string }, next: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await signIn(page, who, next);
  return page;
}

test('the instructor makes a join code and sets a lesson to one attempt and a due date', async ({ browser }) => {
  const page = await signedIn(browser, INSTRUCTOR, `/teach/${COURSE}/settings`);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Generate a new code' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'New join code' })).toBeVisible();
  joinCode = await page.getByLabel('Join code').inputValue();
  expect(joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(db().prepare('SELECT joinCode FROM Course WHERE slug = ?').get(COURSE)).toEqual({ joinCode });

  const form = page.locator(`form[data-lesson="${LESSON}"]`);
  const due = form.getByLabel('Due date');
  const attempts = form.getByLabel('Attempts');
  await expect(due).toBeEnabled(); // enabled once the browser's zone is known
  // 10 March 2031, 18:30 in Berlin is winter time (UTC+1): 17:30 UTC.
  await due.fill('2031-03-10T18:30');
  await attempts.fill('one');
  await form.getByRole('button', { name: /^Save / }).click();
  await expect(form.getByRole('alert')).toContainText('whole number from 0');
  await expect(form.locator('.error').filter({ hasText: 'whole number' })).toHaveCount(2); // beside the field and in the message
  await expect(attempts).toHaveAttribute('aria-invalid', 'true');
  await expect(due).toHaveValue('2031-03-10T18:30'); // nothing typed is lost
  const lessonRow = () => db().prepare('SELECT dueAt, attempts FROM Lesson WHERE slug = ?').get(LESSON) as { dueAt: string | null; attempts: number | null };
  expect(lessonRow()).toEqual({ dueAt: null, attempts: null });

  await attempts.fill('1');
  await form.getByRole('button', { name: /^Save / }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  expect(lessonRow().attempts).toBe(1);
  expect(new Date(lessonRow().dueAt!).toISOString()).toBe('2031-03-10T17:30:00.000Z');
  // Shown back in Berlin time, the UTC value in the tooltip.
  const saved = form.getByTestId('local-time');
  await expect(saved).toHaveAttribute('title', '2031-03-10T17:30:00.000Z (UTC)');
  await expect(saved).toContainText(/18:30|0?6:30\s?PM/); // 24- or 12-hour, as the locale writes it
  await page.reload();
  await expect(page.locator(`form[data-lesson="${LESSON}"]`).getByLabel('Due date')).toHaveValue('2031-03-10T18:30');
  await page.context().close();
});

test('a student enrols, sees one attempt on the lesson and makes a near miss', async ({ browser }) => {
  expect(joinCode).not.toBe('');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, STUDENT);
  await enrolWithCode(page, joinCode, COURSE);

  // The instructor views are not for students.
  expect((await context.request.get(`/teach/${COURSE}/regrade`)).status()).toBe(403);

  await page.goto(`/courses/${COURSE}/${LESSON}`);
  const card = page.locator(`[data-exercise="${EXERCISE}"]`);
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  await expect(card.getByTestId('attempts')).toHaveText('Attempts: 0 of 1 used.');
  await card.getByLabel('Your answer').fill(NEAR_MISS);
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'partly');
  await expect(card.getByTestId('attempts')).toHaveText('Attempts: 1 of 1 used.');

  // One exercise of the lesson at 0.5: 0.5 / n of the lesson.
  await page.goto('/dashboard');
  const row = page.getByTestId(`progress-${COURSE}`).locator(`tr[data-lesson="${LESSON}"]`);
  await expect(row.getByTestId('score')).toHaveText(`${Math.round(50 / lessonSize)}%`);
  await context.close();
});

test('the instructor gives the student an extension', async ({ browser }) => {
  const page = await signedIn(browser, INSTRUCTOR, `/teach/${COURSE}/settings`);
  const add = page.getByRole('form', { name: 'New extension' });
  await expect(add.getByLabel('New due date')).toBeEnabled();
  // Nothing chosen: one message per field.
  await add.getByRole('button', { name: 'Add extension' }).click();
  await expect(add.getByRole('alert')).toHaveText('3 fields need a fix; see the note beside each.');
  await expect(add.locator('#ext-student-error')).toHaveText('Choose a student.');
  await expect(add.locator('#ext-lesson-error')).toHaveText('Choose a lesson.');
  await expect(add.locator('#ext-due-error')).toContainText('Pick the new due date');

  await add.getByLabel('Student').selectOption({ label: `${STUDENT.name} (${STUDENT.email})` });
  await add.getByLabel('Lesson').selectOption({ label: lessonTitle });
  // 1 April 2031, 12:00 in Berlin is summer time (UTC+2): 10:00 UTC.
  await add.getByLabel('New due date').fill('2031-04-01T12:00');
  await add.getByRole('button', { name: 'Add extension' }).click();
  await expect(add.getByRole('status')).toHaveText('Extension saved.');
  const line = page.getByTestId('extensions').locator('tr', { hasText: STUDENT.email });
  await expect(line).toContainText(lessonTitle);
  await expect(line.getByTestId('local-time')).toHaveAttribute('title', '2031-04-01T10:00:00.000Z (UTC)');
  const stored = db()
    .prepare('SELECT e.dueAt FROM Extension e JOIN user u ON u.id = e.userId WHERE u.email = ?')
    .all(STUDENT.email) as { dueAt: string }[];
  expect(stored.map((r) => new Date(r.dueAt).toISOString())).toEqual(['2031-04-01T10:00:00.000Z']);
  await page.context().close();
});

test('a widened tolerance: preview, apply, the run listed, and the student score rises', async ({ browser }) => {
  // What a content sync does when the author adds rtol: 0.01 to the exercise.
  const conn = db();
  const row = conn.prepare('SELECT e.id, e.spec FROM Exercise e JOIN Course c ON c.id = e.courseId WHERE c.slug = ? AND e.key = ?').get(COURSE, EXERCISE) as { id: string; spec: string };
  const spec = { ...JSON.parse(row.spec), rtol: 0.01 };
  conn.prepare('UPDATE Exercise SET spec = ?, specHash = ?, updatedAt = ? WHERE id = ?').run(JSON.stringify(spec), `e2e-widened-${stamp}`, new Date().toISOString().replace('Z', '+00:00'), row.id);
  // Other specs may answer this exercise too (the demo quiz has it): every attempt is checked,
  // and only this student's near miss changes under the wider tolerance.
  const n = (conn.prepare('SELECT COUNT(*) AS n FROM Attempt WHERE exerciseId = ?').get(row.id) as { n: number }).n;
  const grades = conn.prepare('SELECT COUNT(*) AS n FROM Grade').get();
  conn.close();
  const checked = n === 1 ? '1 attempt checked' : `${n} attempts checked`;

  const page = await signedIn(browser, INSTRUCTOR, `/teach/${COURSE}/regrade`);
  await expect(page.getByTestId('stale-exercises')).toContainText(EXERCISE);
  await page.getByLabel('Exercise').selectOption(EXERCISE);
  await expect(page.getByTestId('stale')).toHaveText(n === 1 ? '1 attempt was graded before the exercise changed.' : `${n} attempts were graded before the exercise changed.`);
  await expect(page.getByLabel('Reason')).toHaveValue('spec changed');
  await page.getByLabel('Reason').fill('rtol 1e-3 → 1e-2');

  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('regrade-preview');
  await expect(preview.getByRole('status')).toContainText(`${checked}, 1 result would change, 0 attempts could not be graded again`);
  const change = preview.getByTestId('regrade-changes').locator('tbody tr');
  await expect(change).toHaveCount(1);
  await expect(change).toContainText(STUDENT.email);
  await expect(change).toContainText(NEAR_MISS);
  await expect(change.getByTestId('score-change')).toHaveText('50% partly → 100% correct');
  // A preview writes nothing.
  const conn2 = db();
  expect(conn2.prepare('SELECT COUNT(*) AS n FROM RegradeRun').get()).toEqual({ n: 0 });
  expect(conn2.prepare('SELECT COUNT(*) AS n FROM Grade').get()).toEqual(grades);
  conn2.close();

  await page.getByRole('button', { name: 'Apply: record 1 change' }).click();
  await expect(page.getByTestId('regrade-applied').getByRole('status')).toContainText(`Recorded: ${checked}, 1 result changed`);
  const run = page.getByTestId('regrade-runs').locator('details').first();
  await expect(run).toContainText('rtol 1e-3 → 1e-2');
  await expect(run.getByTestId('run-counts')).toHaveText(`${n} checked, 1 changed, 0 failed`);
  await run.locator('summary').click();
  await expect(run.getByTestId('score-change')).toHaveText('50% partly → 100% correct');
  await expect(page.getByTestId('stale')).toContainText('Every attempt of this exercise was graded with the current spec');
  // Previewing again finds nothing to change, and offers nothing to record (issue 18, item 16).
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('regrade-preview').getByRole('status')).toContainText(`${checked}, 0 results would change`);
  await expect(page.getByTestId('nothing-to-apply')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
  await page.context().close();

  // The student: the exercise is now correct, and the lesson's score rose from 0.5 / n to 1 / n.
  const student = await signedIn(browser, STUDENT, '/dashboard');
  const lessonRow = student.getByTestId(`progress-${COURSE}`).locator(`tr[data-lesson="${LESSON}"]`);
  await expect(lessonRow.getByTestId('score')).toHaveText(`${Math.round(100 / lessonSize)}%`);
  expect(Math.round(100 / lessonSize)).toBeGreaterThan(Math.round(50 / lessonSize));
  await student.goto(`/courses/${COURSE}/${LESSON}`);
  await expect(student.locator(`[data-exercise="${EXERCISE}"]`).getByTestId('exercise-status')).toHaveText('✓ Correct');
  // …and their history says the attempt was regraded, and from what (issue 18, item 16).
  await student.goto('/dashboard/history');
  await expect(student.getByTestId('history').getByTestId('regraded')).toContainText('first graded 50%');
  await student.context().close();
});
