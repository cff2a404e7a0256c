/**
 * Assessments in the browser (issue 22), on the demo course's homework and its 10-minute quiz
 * of two pools (content/curvature/assessments): two students start the quiz and get
 * different draws (the second gets the members the first did not: least used first); one
 * answers and then runs out of time — the clock is advanced for their sitting by moving its
 * server-side start back 11 minutes in the database — and their answer is kept and graded;
 * the other answers and submits. Nothing is revealed before the instructor releases the
 * results; after it the scores show, and the gradebook and its CSV have the quiz's column.
 * The quiz's questions sit under its zones' titles, and so do its statistics; each pool has a table of its alternatives.
 * A student sitting the exam finds lessons, practice, the quiz and their history closed until they submit it. Every expected answer is
 * worked out by hand (comments below).
 */
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { enrolWithCode, INSTRUCTOR, setJoinCode, signIn, signUp } from './support';

const stamp = Date.now();
const JOIN_CODE = `ASSESS-${stamp.toString(36).toUpperCase()}`;
const ANN = { name: `Ann Assess ${stamp}`, email: `ann-assess-${stamp}@example.com`, password: 'assess-password-1' };
const BEN = { name: `Ben Assess ${stamp}`, email: `ben-assess-${stamp}@example.com`, password: 'assess-password-2' };
const CAT = { name: `Cat Assess ${stamp}`, email: `cat-assess-${stamp}@example.com`, password: 'assess-password-3' };
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');
const QUIZ = '/courses/curvature/assessments/quiz-1';

/** Right answers, by hand: f = x³ + y³ + 2xy at (1, 2): H = [6x 2; 2 6y] = [6 2; 2 12], ∇f = (3x² + 2y, 3y² + 2x) = (7, 14),
 *  along (3, 4)/5: (7·3 + 14·4)/5 = 77/5 = 15.4; f = 3x² + xy + 2y²: H = [6 1; 1 4]. */
const RIGHT: Record<string, string> = {
  'hessian-worked-example': '[6, 2; 2, 12]',
  'hessian-quadratic-worked-example': '[6, 1; 1, 4]',
  'gradient-worked-example': '[7, 14]',
  'directional-derivative-worked-example': '15.4',
};
/** Wrong in every entry (a matrix right in some entries earns partial credit). */
const WRONG: Record<string, string> = {
  'hessian-worked-example': '[1, 1; 1, 1]',
  'hessian-quadratic-worked-example': '[2, 2; 2, 2]',
  'gradient-worked-example': '[14, 7]',
  'directional-derivative-worked-example': '77',
};
/** Pool 1 (Hessians) is worth 2 points a question, pool 2 (first derivatives) 1. */
const POINTS = (id: string) => (id.startsWith('hessian') ? 2 : 1);

async function draw(page: Page): Promise<string[]> {
  const items = page.locator('li[data-question]');
  await expect(items).toHaveCount(2);
  return items.evaluateAll((els) => els.map((e) => e.getAttribute('data-question')!));
}

async function answer(page: Page, exercise: string, text: string): Promise<void> {
  const card = page.locator(`li[data-question="${exercise}"]`);
  await card.getByLabel('Your answer', { exact: true }).fill(text);
  await card.getByRole('button', { name: 'Submit answer' }).click();
}

/** Moves a sitting's server-side start back: the same as the server's clock running on. */
function ageSitting(email: string, slug: string, minutes: number): void {
  const db = new Database(DB_FILE, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const row = db
      .prepare('SELECT s.id, s.startedAt FROM "Sitting" s JOIN "user" u ON u.id = s.userId JOIN "Assessment" a ON a.id = s.assessmentId WHERE u.email = ? AND a.slug = ?')
      .get(email, slug) as { id: string; startedAt: string };
    const earlier = new Date(Date.parse(row.startedAt) - minutes * 60_000).toISOString().replace('Z', '+00:00');
    db.prepare('UPDATE "Sitting" SET startedAt = ? WHERE id = ?').run(earlier, row.id);
  } finally {
    db.close();
  }
}

test('homework and a timed quiz: different draws, a time-out and a submit, reveal only after release, gradebook columns', async ({ page, browser }) => {
  const teacher = await (await browser.newContext()).newPage();
  await signIn(teacher, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, JOIN_CODE);

  // Ann: the list, then the homework, whose results show at once.
  await signUp(page, ANN);
  await enrolWithCode(page, JOIN_CODE);
  await page.goto('/courses/curvature/assessments');
  const quizRow = page.locator('tr[data-assessment="quiz-1"]');
  await expect(quizRow.getByTestId('status')).toHaveText('Open');
  await expect(quizRow.getByTestId('weight')).toHaveText('Counts 1× toward the total'); // quiz-1.json gives no weight: 1
  await expect(page.locator('tr[data-assessment="homework-1"] [data-testid="local-time"]').first()).toBeVisible();
  await page.locator('tr[data-assessment="homework-1"]').getByRole('link').click();
  await page.getByRole('button', { name: 'Start homework' }).click();
  await answer(page, 'gradient-worked-example', RIGHT['gradient-worked-example']);
  await expect(page.locator('li[data-question="gradient-worked-example"]').getByTestId('result')).toHaveAttribute('data-verdict', 'correct');

  // Ann starts the quiz: the timer counts down from 10 minutes of server time; a reload does not reset it.
  await page.goto(QUIZ);
  await expect(page.getByTestId('weight')).toHaveText('Counts 1× toward the total.');
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await expect(page.getByTestId('time-left')).toHaveText(/^(10:00|9:[0-5]\d)$/);
  const annDraw = await draw(page);
  expect(annDraw.filter((q) => q.startsWith('hessian'))).toHaveLength(1);
  // The quiz has two zones: each question sits under its part's title (pool 1 in part 1, pool 2 in part 2).
  await expect(page.getByRole('heading', { level: 2, name: 'Part 1: second derivatives' })).toBeVisible();
  await expect(page.locator('section[data-zone="Part 1: second derivatives"] li[data-question]')).toHaveAttribute('data-question', /^hessian/);
  await expect(page.locator('section[data-zone="Part 2: first derivatives"] li[data-question]')).toHaveAttribute('data-question', /^(gradient|directional)/);
  await page.reload();
  expect(await draw(page)).toEqual(annDraw);
  await expect(page.getByTestId('time-left')).toHaveText(/^(10:00|9:[0-5]\d)$/);

  // Ben starts second: each pool gives him the member Ann did not get.
  const benPage = await (await browser.newContext()).newPage();
  await signUp(benPage, BEN);
  await enrolWithCode(benPage, JOIN_CODE);
  await benPage.goto(QUIZ);
  await benPage.getByRole('button', { name: 'Start quiz' }).click();
  const benDraw = await draw(benPage);
  expect(benDraw.some((q) => annDraw.includes(q))).toBe(false);

  // Ann answers her Hessian rightly: saved, with no verdict, score or worked answer.
  const annHessian = annDraw.find((q) => q.startsWith('hessian'))!;
  const annOther = annDraw.find((q) => !q.startsWith('hessian'))!;
  await answer(page, annHessian, RIGHT[annHessian]);
  const annCard = page.locator(`li[data-question="${annHessian}"]`);
  await expect(annCard.getByTestId('saved-answer')).toContainText(RIGHT[annHessian]);
  await expect(annCard.getByTestId('result')).toHaveCount(0);
  await expect(annCard.getByTestId('solution')).toHaveCount(0);
  // Then her time runs out (11 minutes later on the server's clock): the page says so, the other question takes no answer.
  ageSitting(ANN.email, 'quiz-1', 11);
  await page.reload();
  await expect(page.getByTestId('sitting-closed')).toContainText('Time is up');
  await expect(page.locator(`li[data-question="${annOther}"]`).getByLabel('Your answer', { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('sitting-score')).toContainText('results are shown when the instructor releases them');

  // Ben answers one right and one wrong, and submits.
  const benHessian = benDraw.find((q) => q.startsWith('hessian'))!;
  const benOther = benDraw.find((q) => !q.startsWith('hessian'))!;
  await answer(benPage, benHessian, WRONG[benHessian]);
  await expect(benPage.locator(`li[data-question="${benHessian}"]`).getByTestId('saved-answer')).toBeVisible();
  await answer(benPage, benOther, RIGHT[benOther]);
  await expect(benPage.locator(`li[data-question="${benOther}"]`).getByTestId('saved-answer')).toBeVisible();
  await benPage.getByRole('button', { name: 'Submit quiz' }).click();
  await expect(benPage.getByTestId('sitting-closed')).toContainText('You submitted this quiz.');
  await expect(benPage.getByTestId('solution')).toHaveCount(0);

  // The instructor sees both sittings (points already graded), and releases the results.
  await teacher.goto('/teach/curvature/assessments');
  await expect(teacher.locator('section[data-assessment="quiz-1"]').getByTestId('weight')).toHaveText('Counts 1× toward the total.');
  const results = teacher.getByTestId('results-quiz-1');
  await expect(results.locator(`tr[data-student="${ANN.email}"] [data-testid="status"]`)).toHaveText('finished');
  await expect(results.locator(`tr[data-student="${ANN.email}"] [data-testid="points"]`)).toHaveText(`${POINTS(annHessian)} / 3`);
  await expect(results.locator(`tr[data-student="${BEN.email}"] [data-testid="points"]`)).toHaveText(`${POINTS(benOther)} / 3`);
  // The statistics are grouped by zone, and each pool has its table of alternatives (both members drawn: Ann's and Ben's).
  await expect(teacher.getByTestId('stats-quiz-1').locator('tbody[data-zone="Part 1: second derivatives"] tr[data-item]')).toHaveCount(2);
  await expect(teacher.getByTestId('stats-quiz-1').locator(`tbody[data-zone="Part 2: first derivatives"] tr[data-item="${benOther}"]`)).toBeVisible();
  await expect(teacher.getByTestId('pool-quiz-1-0').locator(`tr[data-member="${annHessian}"] [data-testid="mean"]`)).not.toHaveText('—');
  await teacher.getByRole('button', { name: 'Release results of Quiz 1: derivatives at a point' }).click();
  await expect(teacher.locator('section[data-assessment="quiz-1"]').getByTestId('released')).toBeVisible();

  // Released: Ann sees her score (2 for the Hessian, 0 for the unanswered one) and the worked answers.
  await page.reload();
  await expect(page.getByTestId('sitting-score')).toHaveText('Score: 2 / 3');
  await expect(annCard.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');
  await expect(annCard.getByTestId('solution')).toBeVisible();
  await benPage.reload();
  await expect(benPage.getByTestId('sitting-score')).toHaveText('Score: 1 / 3');
  await expect(benPage.locator(`li[data-question="${benHessian}"]`).getByTestId('result')).toHaveAttribute('data-verdict', 'wrong');

  // The audit log: by student, Ben's start, his two answers and his submit (newest first); Ann's time-out at her deadline; and the CSV.
  await teacher.goto('/teach/curvature/assessments');
  await teacher.getByRole('link', { name: 'Audit log of Quiz 1: derivatives at a point' }).click();
  await expect(teacher.getByRole('heading', { level: 1 })).toHaveText('Audit log: Quiz 1: derivatives at a point');
  await expect(teacher.getByTestId('audit-log').locator('tr[data-action="timeout"]', { hasText: ANN.email })).toHaveCount(1);
  const benId = await teacher.locator('select[name="student"] option', { hasText: BEN.email }).getAttribute('value');
  await teacher.locator('select[name="student"]').selectOption(benId!);
  await teacher.getByRole('button', { name: 'Show' }).click();
  await expect(teacher).toHaveURL(new RegExp(`student=${benId}`));
  const benRows = teacher.getByTestId('audit-log').locator('tbody tr');
  await expect(benRows).toHaveCount(4);
  expect(await benRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['submit', 'answer', 'answer', 'start']);
  await expect(benRows.first()).toContainText(BEN.email);
  await expect(benRows.first().getByTestId('local-time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT.*Z$/); // server time, shown in the browser's zone
  const logCsv = await (await teacher.request.get(`/teach/curvature/assessments/quiz-1/log.csv?student=${benId}`)).text();
  expect(logCsv.split('\r\n').slice(1, -1).map((line) => line.split(',')[3])).toEqual(['start', 'answer', 'answer', 'submit']);

  // The gradebook has the quiz's column, and so does its CSV.
  await teacher.goto('/teach/curvature/gradebook');
  const columns = teacher.getByTestId('assessment-columns');
  await expect(columns.locator(`tr[data-student="${ANN.email}"] td[data-assessment="quiz-1"]`)).toHaveText('2 / 3');
  await expect(columns.locator(`tr[data-student="${ANN.email}"] td[data-assessment="homework-1"]`)).toHaveText('1 / 3');
  // Her weighted total (every demo assessment has weight 1): the quiz finished at its time-out counts (2 / 3); the homework
  // she has not submitted and which is still open, and the exam she has not started, wait: 1 × (2/3) / 1 = 66.7 %.
  await expect(columns.locator('th[data-assessment="quiz-1"]').getByTestId('weight')).toHaveText('weight 1');
  await expect(columns.locator(`tr[data-student="${ANN.email}"] [data-testid="weighted-total"]`)).toHaveText('66.7%');
  const csv = await (await teacher.request.get('/teach/curvature/export/gradebook.csv')).text();
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  expect(header.at(-1)).toBe('total');
  const annLine = lines.find((l) => l.includes(ANN.email))!.split(',');
  expect(annLine[header.indexOf('assessment:quiz-1')]).toBe('2');
  expect(annLine[header.indexOf('assessment:homework-1')]).toBe('1');
  expect(annLine[header.indexOf('assessments_weighted_percent')]).toBe('66.67');
});

test('while a student sits the exam, only its own page is open: lessons, another assessment and the history reopen after the submit', async ({ page }) => {
  await signUp(page, CAT);
  const teacher = await (await page.context().browser()!.newContext()).newPage();
  await signIn(teacher, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, `${JOIN_CODE}-X`);
  await enrolWithCode(page, `${JOIN_CODE}-X`);
  await page.goto('/courses/curvature/assessments/exam-1');
  await page.getByLabel('Access code').fill('WRONG-CODE');
  await page.getByRole('button', { name: 'Start exam' }).click();
  await expect(page.getByText('That access code is not right.')).toBeVisible();
  await page.getByLabel('Access code').fill('DEMO-EXAM');
  await page.getByRole('button', { name: 'Start exam' }).click();
  await expect(page.getByTestId('time-left')).toBeVisible();
  await page.goto('/courses/curvature/gradients');
  await expect(page.getByTestId('closed-for-exam')).toContainText('Exam 1: curvature');
  await expect(page.locator('[data-exercise="gradient-worked-example"]')).toHaveCount(0);
  // And over HTTP: the lesson's cards are closed, practice refused.
  const state = await (await page.request.get('/api/lesson-state?course=curvature&lesson=gradients')).json();
  expect(state.exercises.every((e: { status: string; closedReason: string }) => e.status === 'closed' && /Closed during the exam/.test(e.closedReason))).toBe(true);
  const practice = await page.request.post('/api/practice', { data: { course: 'curvature', exercise: 'gradient-formula' }, headers: { origin: new URL(page.url()).origin } });
  expect(await practice.json()).toEqual({ status: 'closed-for-exam' });
  // Another assessment and the attempt history (past answers and results) are closed too, each with the way back.
  for (const closed of [QUIZ, '/dashboard/history']) {
    await page.goto(closed);
    await expect(page.getByRole('heading', { name: 'Closed during the exam' })).toBeVisible();
    await expect(page.getByTestId('closed-for-exam').getByRole('link', { name: 'Exam 1: curvature' })).toHaveAttribute('href', '/courses/curvature/assessments/exam-1');
  }
  await expect(page.locator('li[data-question]')).toHaveCount(0);
  // The exam's own page is open: answer (H of x³ + y³ + 2xy at (1, 2) = [6 2; 2 12]) and submit.
  await page.getByTestId('closed-for-exam').getByRole('link', { name: 'Exam 1: curvature' }).click();
  await answer(page, 'hessian-worked-example', RIGHT['hessian-worked-example']);
  await expect(page.locator('li[data-question="hessian-worked-example"]').getByTestId('saved-answer')).toContainText(RIGHT['hessian-worked-example']);
  await page.getByRole('button', { name: 'Submit exam' }).click();
  await expect(page.getByTestId('sitting-closed')).toContainText('You submitted this exam.');
  // Submitted: the lesson, the quiz and the history reopen; the exam's answer shows no verdict before the release.
  await page.goto('/courses/curvature/gradients');
  await expect(page.locator('[data-exercise="gradient-worked-example"]')).toBeVisible();
  await page.goto(QUIZ);
  await expect(page.getByRole('button', { name: 'Start quiz' })).toBeVisible();
  await page.goto('/dashboard/history');
  await expect(page.getByTestId('history').locator('tr[data-verdict="held"]')).toHaveCount(1);
  await expect(page.getByTestId('history').getByTestId('held')).toHaveText('Saved; the result shows when the instructor releases it.');
});
