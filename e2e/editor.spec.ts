/**
 * Authoring in the browser, in Chromium against the built app (issue 19):
 *
 * 1. An instructor creates a lesson in /teach/<course>/edit: the new-exercise form writes a
 *    gradient exercise's tag, the sandbox shows its reference answer and grades a wrong test
 *    answer, the tag goes into the lesson, and Save publishes it.
 *    f = x²y + y³ has ∇f = (2xy, x² + 3y²), so ∇f(1, 2) = (4, 13).
 * 2. A student enrols and answers it: (4, 12) is not right, (4, 13) is.
 * 3. The instructor adds a paragraph and saves; the student sees it, and both attempts remain.
 * 4. Two editors of the same lesson: the second save is refused as a conflict.
 * 5. The instructor writes a second lesson in the editor with an `expression` exercise and a
 *    3-part exercise with follow-through; the student answers both, with a slip in part (a)
 *    that costs only part (a).
 * 6. The instructor creates a homework assessment from the template, sees a slot naming an
 *    unknown exercise flagged at its line while typing, fixes it and saves; the student finds
 *    it in the course's assessment list.
 * 7. A lesson that tries to run code is flagged at its line while typing, and saving it does
 *    not publish it: students keep the last good version.
 * 8. A new course folder with problems in course.json and in a lesson: its sync is refused,
 *    an admin opens it from the dashboard, fixes both in the browser and it publishes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, type Page } from '@playwright/test';
import { enrolWithCode, INSTRUCTOR, signIn, signUp } from './support';

const stamp = Date.now();
const SLUG = `editing-${stamp}`;
const LESSON = 'stationary';
const ROOT = path.resolve('data', 'e2e', 'content');
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');
const CODE = `EDIT-${stamp}`;
const STUDENT = { name: `Editor Student ${stamp}`, email: `editor-${stamp}@example.com`, password: 'editor-password-1' };

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, SLUG), { recursive: true });
  fs.writeFileSync(path.join(ROOT, SLUG, 'course.json'), JSON.stringify({ slug: SLUG, title: 'Editing course', description: 'Made in the browser.', lessons: ['intro'] }));
  fs.writeFileSync(path.join(ROOT, SLUG, 'intro.mdx'), 'export const meta = { title: "Intro", summary: "First.", objectives: ["Start."] }\n\nHello.\n');
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/content-sync.ts', SLUG], {
    env: { ...process.env, DATABASE_URL: `file:${DB_FILE}`, CURVATURE_CONTENT_DIR: ROOT },
    encoding: 'utf8',
  });
  expect(r.stdout).toContain('published');
  // The demo instructor teaches the new course; students join with a code.
  const db = new Database(DB_FILE);
  try {
    const course = db.prepare('SELECT id FROM Course WHERE slug = ?').get(SLUG) as { id: string };
    const user = db.prepare('SELECT id FROM user WHERE email = ?').get(INSTRUCTOR.email) as { id: string };
    db.prepare("INSERT INTO Enrollment (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, 'instructor', ?)").run(`e2e-${stamp}`, user.id, course.id, new Date().toISOString());
    db.prepare('UPDATE Course SET joinCode = ? WHERE id = ?').run(CODE, course.id);
  } finally {
    db.close();
  }
});

async function openEditor(page: Page): Promise<void> {
  await page.goto(`/teach/${SLUG}/edit/${LESSON}`);
  await expect(page.locator('.cm-content')).toBeVisible();
}

/** Types at the end of the editor's text. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

function attemptsOf(key: string): number {
  const db = new Database(DB_FILE, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM Attempt a JOIN Exercise e ON e.id = a.exerciseId WHERE e.key = ?').get(key) as { n: number }).n;
  } finally {
    db.close();
  }
}

test('an instructor creates a lesson with an exercise in the browser editor', async ({ page }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  await page.goto(`/teach/${SLUG}/edit`);
  await page.getByLabel('New lesson (file name)').fill(LESSON);
  await page.getByRole('button', { name: 'Create lesson' }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/${SLUG}/edit/${LESSON}$`));
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByText('No problems found.')).toBeVisible();
  await expect(page.frameLocator('[data-testid="preview"]').locator('.katex').first()).toBeVisible();

  await page.getByText('New exercise', { exact: true }).click();
  await page.getByLabel('Kind').selectOption('gradient');
  await page.getByLabel('Id').fill('stationary-gradient');
  await page.getByLabel('f', { exact: true }).fill('x^2*y + y^3');
  await page.getByLabel('vars', { exact: true }).fill('["x", "y"]');
  await page.getByLabel('at (optional)').fill('[1, 2]');
  await expect(page.getByTestId('exercise-tag')).toHaveText('<Exercise id="stationary-gradient" kind="gradient" f="x^2*y + y^3" vars={["x","y"]} at={[1,2]} />');
  await page.getByRole('button', { name: 'Try in sandbox' }).click();
  const sandbox = page.getByTestId('sandbox');
  await expect(sandbox).toContainText('[4, 13]');
  await sandbox.getByLabel('Test answer').fill('[4, 12]');
  await sandbox.getByRole('button', { name: 'Grade' }).click();
  await expect(page.getByTestId('sandbox-grade')).toContainText('Not correct');
  await page.getByRole('button', { name: 'Insert into lesson' }).click();
  await expect(page.locator('.cm-content')).toContainText('stationary-gradient');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toHaveText('Saved and published: students see this version now.');
  await expect(page.getByTestId('history')).toContainText('create by Demo Instructor');
});

test('a student answers the new exercise', async ({ page }) => {
  await signUp(page, STUDENT);
  await enrolWithCode(page, CODE, SLUG);
  await page.goto(`/courses/${SLUG}/${LESSON}`);
  const card = page.locator('[data-exercise="stationary-gradient"]');
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  await card.getByLabel('Your answer').fill('[4, 12]');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).not.toHaveAttribute('data-verdict', 'correct');
  await card.getByLabel('Your answer').fill('[4, 13]');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('exercise-status')).toHaveText('✓ Correct');
  expect(attemptsOf('stationary-gradient')).toBe(2);
});

test('an edit saved in the browser reaches students; their attempts remain', async ({ page, browser }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  await openEditor(page);
  await expect(page.getByText('No problems found.')).toBeVisible();
  await typeAtEnd(page, '\nA new paragraph for students.\n');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toHaveText('Saved and published: students see this version now.');

  const student = await browser.newPage();
  await signIn(student, STUDENT, '/dashboard');
  await student.goto(`/courses/${SLUG}/${LESSON}`);
  await expect(student.getByText('A new paragraph for students.')).toBeVisible();
  await expect(student.locator('[data-exercise="stationary-gradient"]').getByTestId('exercise-status')).toHaveText('✓ Correct');
  expect(attemptsOf('stationary-gradient')).toBe(2);
  await student.close();
});

test('two instructors editing the same lesson: the later save is refused as a conflict', async ({ page, browser }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  const other = await browser.newPage();
  await signIn(other, INSTRUCTOR, '/dashboard');
  await openEditor(page);
  await openEditor(other);
  await typeAtEnd(page, '\nFirst editor.\n');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toContainText('Saved and published');
  await typeAtEnd(other, '\nSecond editor.\n');
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByTestId('save-result')).toContainText('Someone else saved this lesson after you opened it');
  expect(fs.readFileSync(path.join(ROOT, SLUG, `${LESSON}.mdx`), 'utf8')).not.toContain('Second editor.');
  await other.close();
});

// f = x² + 3y², x₀ = (1, 1): ∇f(x₀) = (2, 6), H = [2 0; 0 6], x₁ = x₀ − H⁻¹∇f = (0, 0).
// A slip in (a), ∇f = (2, 5): with it, (c) is x₀ − H⁻¹(2, 5) = (1 − 1, 1 − 5/6) = (0, 1/6).
// The expression: ∇(x³y) = (3x²y, x³).
const FOLLOW = `export const meta = { title: "Follow-through", summary: "Three parts.", objectives: ["Take a Newton step."] }

## Three parts

<Exercise id="ft-three" title="Gradient, Hessian, step" kind="multi-part"
  prompt="Take $f(x, y) = x^2 + 3y^2$ and $x_0 = (1, 1)$."
  parts={[
    { id: "grad", label: "(a) gradient", kind: "vector", prompt: "The gradient at $x_0$.", answer: [2, 6] },
    { id: "hess", label: "(b) Hessian", kind: "matrix", prompt: "The Hessian.", answer: [[2, 0], [0, 6]] },
    { id: "step", label: "(c) step", kind: "vector", prompt: "One Newton step, with your (a) and (b).", from: ["grad", "hess"], answer: "[1, 1] - inv(hess) * grad" }
  ]} />

<Exercise id="ft-expression" title="A gradient formula" kind="expression"
  prompt="Compute $\\nabla (x^3 y)$ as a formula in $x$ and $y$." vars={["x", "y"]} answer={["3*x^2*y", "x^3"]} />
`;

test('an expression exercise and a 3-part follow-through exercise written in the editor, answered by a student', async ({ page, browser }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  await page.goto(`/teach/${SLUG}/edit/follow-through`);
  await expect(page.locator('.cm-content')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(FOLLOW);
  await expect(page.getByText('No problems found.')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toHaveText('Saved and published: students see this version now.');

  const student = await browser.newPage();
  await signIn(student, STUDENT, '/dashboard');
  await student.goto(`/courses/${SLUG}/follow-through`);
  const three = student.locator('[data-exercise="ft-three"]');
  await expect(three.getByTestId('own-prompt')).toBeVisible();
  await three.locator('#answer-ft-three-grad').fill('[2, 5]');
  await three.locator('#answer-ft-three-hess').fill('[2, 0; 0, 6]');
  await three.locator('#answer-ft-three-step').fill('[0, 1/6]');
  await three.getByRole('button', { name: 'Submit answers' }).click();
  const results = three.getByTestId('part-results');
  // (2, 5) has one of its two entries right.
  await expect(results.locator('[data-part="grad"]')).toHaveAttribute('data-verdict', 'partly');
  await expect(results.locator('[data-part="hess"]')).toHaveAttribute('data-verdict', 'correct');
  await expect(results.locator('[data-part="step"]')).toHaveAttribute('data-verdict', 'correct');

  const expr = student.locator('[data-exercise="ft-expression"]');
  await expect(expr.getByTestId('own-prompt')).toBeVisible();
  await expr.getByLabel('Your answer').fill('[3*y*x^2, x*x*x]');
  await expr.getByRole('button', { name: 'Submit answer' }).click();
  await expect(expr.getByTestId('exercise-status')).toHaveText('✓ Correct');
  await student.close();
});

const HOMEWORK = (exercise: string) => `{
  "title": "Homework from the browser",
  "type": "homework",
  "opensAt": "2026-01-01T00:00:00Z",
  "closesAt": "2099-12-31T23:00:00Z",
  "slots": [
    { "exercise": "${exercise}", "points": 2 },
    { "pool": ["ft-three", "ft-expression"], "pick": 1, "points": 1 }
  ]
}
`;

test('an instructor creates a homework assessment in the browser editor; a student sees it in the assessment list', async ({ page, browser }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  await page.goto(`/teach/${SLUG}/edit`);
  await page.getByLabel('New assessment (file name)').fill('homework-web');
  await page.getByLabel('Template').selectOption('homework');
  await page.getByRole('button', { name: 'Create assessment' }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/${SLUG}/edit/assessments/homework-web\\?type=homework$`));
  await expect(page.locator('.cm-content')).toBeVisible();
  // The template names the course's exercises and is valid as it stands.
  await expect(page.locator('.cm-content')).toContainText('"exercise": "stationary-gradient"');
  await expect(page.getByText('No problems found.')).toBeVisible({ timeout: 20_000 });

  // A slot naming an exercise the course does not have is flagged at its line (7) while typing.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(HOMEWORK('no-such-exercise'));
  await expect(page.getByTestId('problems')).toContainText(`${SLUG}/assessments/homework-web.json:7:`);
  await expect(page.getByTestId('problems')).toContainText('no-such-exercise');
  await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(HOMEWORK('stationary-gradient'));
  await expect(page.getByText('No problems found.')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toHaveText('Saved and published: students see this version now.');
  await expect(page.getByTestId('history')).toContainText('create by Demo Instructor');
  expect(fs.readFileSync(path.join(ROOT, SLUG, 'assessments', 'homework-web.json'), 'utf8')).toBe(HOMEWORK('stationary-gradient'));
  await page.goto(`/teach/${SLUG}/edit`);
  await expect(page.getByTestId('assessment-files')).toContainText('Homework from the browser');

  const student = await browser.newPage();
  await signIn(student, STUDENT, '/dashboard');
  await student.goto(`/courses/${SLUG}/assessments`);
  const row = student.locator('[data-assessment="homework-web"]');
  await expect(row).toContainText('Homework from the browser');
  await expect(row).toContainText('(homework)');
  await expect(row.getByTestId('status')).toHaveText('Open');
  await student.close();
});

test('code in a lesson is flagged at its line while typing and is never published', async ({ page, request }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  await openEditor(page);
  await typeAtEnd(page, '\nRun {process.exit()}\n');
  const lines = fs.readFileSync(path.join(ROOT, SLUG, `${LESSON}.mdx`), 'utf8').split('\n').length;
  // The typed line is the text's last line but one ("\nRun …\n" adds it after an empty line).
  await expect(page.getByTestId('problems')).toContainText(`${SLUG}/${LESSON}.mdx:${lines + 1}:5: JavaScript expressions {…} are not allowed`);
  await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toContainText('Saved, but not published');
  const html = await (await request.get(`/courses/${SLUG}/${LESSON}`)).text();
  expect(html).toContain('First editor.');
  expect(html).not.toContain('Run ');
  await page.goto(`/teach/${SLUG}/edit`);
  await expect(page.getByTestId('refused')).toContainText(`${SLUG}/${LESSON}.mdx:${lines + 1}:5`);
});

test('a new course folder with problems: sync refuses it, an admin fixes course.json and the lesson in the browser and it publishes', async ({ page, request }) => {
  const slug = `broken-${stamp}`;
  fs.mkdirSync(path.join(ROOT, slug), { recursive: true });
  // course.json has no description (1:1), and the lesson a problem at 3:5.
  fs.writeFileSync(path.join(ROOT, slug, 'course.json'), `{\n  "slug": "${slug}",\n  "title": "Broken course",\n  "lessons": ["first"]\n}\n`);
  // Line 3, column 5: the `{` of an expression, which a lesson may not contain.
  fs.writeFileSync(path.join(ROOT, slug, 'first.mdx'), 'export const meta = { title: "First", summary: "One.", objectives: ["Start."] }\n\nOne {process.exit()} step.\n');
  const env = { ...process.env, DATABASE_URL: `file:${DB_FILE}`, CURVATURE_CONTENT_DIR: ROOT };
  const sync = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/content-sync.ts', slug], { env, encoding: 'utf8' });
  expect(sync.status).toBe(1);
  expect(sync.stdout + sync.stderr).toContain(`${slug}/first.mdx:3:5`);
  expect((await request.get(`/courses/${slug}/first`)).status()).toBe(404);
  const admin = { email: `editor-admin-${stamp}@example.com`, password: 'editor-admin-password' };
  const made = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/admin.ts', 'create-user', '--email', admin.email, '--name', 'Editor Admin', '--role', 'admin', '--password', admin.password], { env, encoding: 'utf8' });
  expect(made.status).toBe(0);

  await signIn(page, admin, '/dashboard');
  await expect(page.getByTestId(`unpublished-${slug}`)).toBeVisible();
  await page.getByTestId(`unpublished-${slug}`).getByRole('link', { name: 'Fix them in the editor' }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/${slug}/edit$`));
  await expect(page.getByTestId('never-published')).toBeVisible();
  await expect(page.getByTestId('refused')).toContainText(`${slug}/first.mdx:3:5`);
  await expect(page.getByTestId('refused')).toContainText(`${slug}/course.json:1:1: "description" must be a string`);
  // course.json first, as JSON in the same editor.
  await page.getByRole('link', { name: 'Edit course.json' }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/${slug}/edit/course\\.json$`));
  await expect(page.locator('.cm-content')).toBeVisible();
  // JSON is highlighted: a string value is a token of its own, coloured unlike plain text.
  const stringValue = page.locator('.cm-line span', { hasText: /^"Broken course"$/ }).first();
  await expect(stringValue).toBeVisible();
  const [tokenColour, textColour] = await stringValue.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el.closest('.cm-content')!).color]);
  expect(tokenColour).not.toBe(textColour);
  await expect(page.getByTestId('problems')).toContainText(`${slug}/course.json:1:1: "description" must be a string`);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(`{\n  "slug": "${slug}",\n  "title": "Broken course",\n  "description": "Fixed in the browser.",\n  "lessons": ["first"]\n}\n`);
  await expect(page.getByText('No problems found.')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Save' }).click();
  // The lesson's problem still keeps it from being published.
  await expect(page.getByTestId('save-result')).toContainText('Saved, but not published: 1 problem(s)');
  await page.goto(`/teach/${slug}/edit`);
  await page.getByRole('link', { name: 'First', exact: true }).click();
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByTestId('problems')).toContainText(`${slug}/first.mdx:3:5: JavaScript expressions {…} are not allowed`);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('export const meta = { title: "First", summary: "One.", objectives: ["Start."] }\n\nOne fixed step.\n');
  await expect(page.getByText('No problems found.')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-result')).toHaveText('Saved and published: students see this version now.');
  const html = await (await request.get(`/courses/${slug}/first`)).text();
  expect(html).toContain('One fixed step.');
});
