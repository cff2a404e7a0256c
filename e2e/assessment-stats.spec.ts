/**
 * Per-question statistics in the browser (issue 22) on a fixture worked out by hand: a course
 * of its own (synced from files, as an instructor would) with a homework of three one-point
 * number questions A, B and C, answered through the sitting page by four students —
 *   s1: A 1, B 1, C 1;  s2: A 1, B 0, C 0;  s3: A 0, B 1, C 0;  s4: A 0, B 0, C 0.
 * Facility (mean fraction of the points): A 2/4 = 0.50, B 2/4 = 0.50, C 1/4 = 0.25.
 * Discrimination: the correlation of a question's points with the sum of the other two.
 *   A = (1, 1, 0, 0), rest B + C = (2, 0, 1, 0): dx = (½, ½, −½, −½), dy = (5/4, −3/4, 1/4, −3/4),
 *     Σdx·dy = 1/2, Σdx² = 1, Σdy² = 11/4 → (1/2)/√(11/4) = 1/√11 ≈ 0.30;
 *   B = (1, 0, 1, 0), rest A + C = (2, 1, 0, 0): dy = (5/4, 1/4, −3/4, −3/4), Σdx·dy = 1/2,
 *     Σdx² = 1, Σdy² = 11/4 → 1/√11 ≈ 0.30;
 *   C = (1, 0, 0, 0), rest A + B = (2, 1, 1, 0): dx = (¾, −¼, −¼, −¼), dy = (1, 0, 0, −1),
 *     Σdx·dy = 1, Σdx² = 3/4, Σdy² = 2 → 1/√(3/2) ≈ 0.82.
 * The spec's own course keeps other specs' students out of these numbers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser } from '@playwright/test';
import { enrolWithCode, INSTRUCTOR, signIn, signUp } from './support';

const stamp = Date.now();
const SLUG = `stats-${stamp}`;
const ROOT = path.resolve('data', 'e2e', 'content');
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');
const CODE = `STATS-${stamp}`;

/** Right answers by hand: 1 + 1, 2 + 3, 4 · 5; a wrong answer is off by far more than any tolerance. */
const QUESTIONS = [
  { id: 'sum-a', prompt: 'Compute $1 + 1$.', right: '2' },
  { id: 'sum-b', prompt: 'Compute $2 + 3$.', right: '5' },
  { id: 'product-c', prompt: 'Compute $4 \\\\cdot 5$.', right: '20' },
];
/** Who gets which question right (1) or wrong (0), in the order of QUESTIONS. */
const PATTERN = [
  [1, 1, 1],
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
];

test.beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, SLUG, 'assessments'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, SLUG, 'course.json'), JSON.stringify({ slug: SLUG, title: 'Statistics course', description: 'Three questions.', lessons: ['sums'] }));
  fs.writeFileSync(
    path.join(ROOT, SLUG, 'sums.mdx'),
    'export const meta = { title: "Sums", summary: "Three sums.", objectives: ["Add and multiply."] }\n\n' +
      QUESTIONS.map((q) => `<Exercise id="${q.id}" kind="number" prompt="${q.prompt}" answer="${q.right}" />\n`).join('\n'),
  );
  fs.writeFileSync(
    path.join(ROOT, SLUG, 'assessments', 'stats-hw.json'),
    JSON.stringify({
      title: 'Statistics homework',
      type: 'homework',
      opensAt: '2026-01-01T00:00:00Z',
      closesAt: '2099-12-31T23:00:00Z',
      slots: QUESTIONS.map((q) => ({ exercise: q.id, points: 1 })),
    }),
  );
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/content-sync.ts', SLUG], {
    env: { ...process.env, DATABASE_URL: `file:${DB_FILE}`, CURVATURE_CONTENT_DIR: ROOT },
    encoding: 'utf8',
  });
  expect(r.stdout + r.stderr).toContain('published');
  const db = new Database(DB_FILE);
  try {
    db.pragma('busy_timeout = 5000');
    const course = db.prepare('SELECT id FROM Course WHERE slug = ?').get(SLUG) as { id: string };
    const user = db.prepare('SELECT id FROM user WHERE email = ?').get(INSTRUCTOR.email) as { id: string };
    db.prepare("INSERT INTO Enrollment (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, 'instructor', ?)").run(`stats-${stamp}`, user.id, course.id, new Date().toISOString());
    db.prepare('UPDATE Course SET joinCode = ? WHERE id = ?').run(CODE, course.id);
  } finally {
    db.close();
  }
});

async function sitHomework(browser: Browser, n: number, pattern: number[]): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, { name: `Stats Student ${n} ${stamp}`, email: `stats-${n}-${stamp}@example.com`, password: `stats-password-${n}` });
  await enrolWithCode(page, CODE, SLUG);
  await page.goto(`/courses/${SLUG}/assessments/stats-hw`);
  await page.getByRole('button', { name: 'Start homework' }).click();
  for (const [i, q] of QUESTIONS.entries()) {
    const card = page.locator(`li[data-question="${q.id}"]`);
    await card.getByLabel('Your answer', { exact: true }).fill(pattern[i] ? q.right : '1000');
    await card.getByRole('button', { name: 'Submit answer' }).click();
    await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', pattern[i] ? 'correct' : 'wrong');
  }
  await context.close();
}

test('facility and discrimination on the instructor’s page match the hand computation', async ({ page, browser }) => {
  for (const [n, pattern] of PATTERN.entries()) await sitHomework(browser, n + 1, pattern);
  await signIn(page, INSTRUCTOR, '/dashboard');
  await page.goto(`/teach/${SLUG}/assessments`);
  const stats = page.getByTestId('stats-stats-hw');
  const row = (id: string) => stats.locator(`tr[data-item="${id}"]`);
  const expected = { 'sum-a': ['0.50', '0.30'], 'sum-b': ['0.50', '0.30'], 'product-c': ['0.25', '0.82'] };
  for (const [id, [facility, discrimination]] of Object.entries(expected)) {
    await expect(row(id).locator('td').first()).toHaveText('4'); // four students started
    await expect(row(id).getByTestId('facility')).toHaveText(facility);
    await expect(row(id).getByTestId('discrimination')).toHaveText(discrimination);
  }
});
