/**
 * A student's whole path in Chromium: sign up, enrol with the instructor's join code, answer
 * an exercise of the Hessian lesson (wrong with a diagnosis, unreadable, right with the
 * worked steps), see progress and history — plus isolation between students over HTTP and
 * the answer-leak checks on the raw HTML, RSC payload, the exercise cards' API responses and
 * the built JavaScript.
 *
 * Expected answers are worked out by hand from the lesson's functions (see the comments),
 * not taken from the app.
 */
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { loadCourse } from '@/lib/content/load';
import { generateVariant, solveSpec } from '@/lib/exercises';
import { variantSeed } from '@/lib/content';
import { BASE_URL } from '../playwright.config';
import { enrolWithCode, INSTRUCTOR, setJoinCode, signIn, signUp } from './support';

const LESSON = '/courses/curvature/hessian';
const JOIN_CODE = `HESS-${Date.now().toString(36).toUpperCase()}`;
const stamp = Date.now();
const ALICE = { name: 'Alice Example', email: `alice-${stamp}@example.com`, password: 'alice-password-1' };
const BOB = { name: 'Bob Example', email: `bob-${stamp}@example.com`, password: 'bob-password-12' };
/** Alice's wrong answer, distinctive enough to look for in Bob's pages. It is within the
 *  default tolerance (rtol 1e-3) of the halved diagonal [3 2; 2 6], so it is diagnosed. */
const ALICE_MARKER = '[3.00017, 2; 2, 6]';

test.describe.configure({ mode: 'serial' });

const course = await loadCourse(path.resolve('content', 'curvature'));
const hessianLesson = course.lessons.find((l) => l.slug === 'hessian')!;
const exerciseOf = (key: string) => hessianLesson.exercises.find((e) => e.key === key)!;

let aliceState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

/**
 * Passes every data request of the page through — the exercise cards' GET /api/lesson-state
 * and POST /api/attempts, any other /api/ call and any server action — keeping a copy of each
 * raw response body (read here rather than from the browser, which may drop streamed bodies).
 * `bodies()` gives them in order; `next()` waits for the next one.
 */
async function recordDataRequests(page: Page): Promise<{ count(): number; bodies(): Promise<string[]>; next(): Promise<string> }> {
  const texts: Promise<string>[] = [];
  let waiting: ((body: Promise<string>) => void)[] = [];
  await page.route('**/*', async (route) => {
    const req = route.request();
    const api = new URL(req.url()).pathname.startsWith('/api/') && !new URL(req.url()).pathname.startsWith('/api/auth/');
    if (!api && !(req.method() === 'POST' && req.headers()['next-action'])) return route.continue();
    const response = await route.fetch();
    const body = response.text();
    texts.push(body);
    for (const w of waiting) w(body);
    waiting = [];
    await route.fulfill({ response, body: await body });
  });
  return {
    count: () => texts.length,
    bodies: () => Promise.all(texts),
    next: () => new Promise<Promise<string>>((resolve) => waiting.push(resolve)).then((b) => b),
  };
}

/** The ways a string can appear in a response: as is, HTML-escaped, JSON-escaped once or twice. */
function spellings(s: string): string[] {
  const html = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
  const json = (x: string) => JSON.stringify(x).slice(1, -1);
  return [...new Set([s, html].flatMap((x) => [x, json(x), json(json(x))]))];
}

/** The needles of a solved variant: the reference answer's LaTeX and every worked step's. */
function referenceNeedles(spec: unknown): string[] {
  const solved = solveSpec(spec);
  return [solved.solution.latex, ...solved.solution.steps.map((s) => s.latex)].flatMap(spellings);
}

function found(haystack: string, needles: string[]): string[] {
  return needles.filter((n) => haystack.includes(n));
}

async function signUpThroughApi(browser: Browser, who: typeof BOB & { role?: string }): Promise<BrowserContext> {
  const context = await browser.newContext();
  const res = await context.request.post('/api/auth/sign-up/email', { data: who, headers: { origin: BASE_URL } });
  expect(res.status()).toBe(200);
  return context;
}

async function enrol(page: Page) {
  await page.goto('/dashboard');
  await enrolWithCode(page, JOIN_CODE.toLowerCase()); // codes ignore case
}

/** The card of exercise `key`, once its live part has loaded the student's own variant. */
async function openCard(page: Page, key: string) {
  const card = page.locator(`[data-exercise="${key}"]`);
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  return card;
}

test('the instructor sets a join code for the course', async ({ page }) => {
  await signIn(page, INSTRUCTOR, '/dashboard');
  await setJoinCode(page, JOIN_CODE);
});

test('a new student signs up, enrols, is graded on the Hessian lesson and sees progress', async ({ page, context }) => {
  const worked = exerciseOf('hessian-worked-example');
  const allowed = worked.settings.attempts;
  expect(allowed).toBeGreaterThanOrEqual(3);

  // Sign up: straight to the dashboard, not enrolled yet.
  await signUp(page, ALICE);
  await expect(page.getByTestId('signed-in-as')).toHaveText(ALICE.email);
  // Other specs may publish more courses: the demo course's own section of the dashboard.
  const demo = page.locator('section[aria-labelledby="course-curvature"]');
  await demo.getByLabel('Join code').fill('WRONG-CODE');
  await demo.getByRole('button', { name: 'Enrol in' }).click();
  await expect(page.locator('#enrol-curvature-message')).toHaveText('That join code is not right for this course.');
  await enrol(page);
  const row = page.getByTestId('progress-curvature').locator('tr[data-lesson="hessian"]');
  await expect(row.getByTestId('done')).toHaveText(`0 of ${hessianLesson.exercises.length}`);

  await page.goto(LESSON);
  const card = await openCard(page, 'hessian-worked-example');
  const attempts = card.getByTestId('attempts');
  await expect(attempts).toHaveText(`Attempts: 0 of ${allowed} used.`);
  const answer = card.getByLabel('Your answer');

  // Wrong: f = x³ + y³ + 2xy has H(1, 2) = [6 2; 2 12]; halving the diagonal is a known mistake.
  await answer.fill(ALICE_MARKER);
  await expect(card.getByTestId('preview').locator('.katex')).toBeVisible(); // live preview, KaTeX loaded on demand
  await card.getByRole('button', { name: 'Submit answer' }).click();
  const result = card.getByTestId('result');
  await expect(result).toHaveAttribute('data-verdict', 'partly');
  await expect(result).toContainText('Partly correct: 2 of 4 entries right.');
  await expect(result).toContainText('Entry (1, 1) is not right.');
  await expect(card.getByTestId('diagnosis')).toContainText('half the right ones');
  await expect(attempts).toHaveText(`Attempts: 1 of ${allowed} used.`);
  await expect(card.getByTestId('exercise-status')).toHaveText('Attempted · best 50%');
  await expect(card.getByTestId('solution')).toHaveCount(0);

  // Unreadable: says where, and is not an attempt.
  await answer.fill('[6, 2; 2 12 +]');
  await expect(card.getByTestId('preview')).toContainText('Cannot read this yet');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  const unreadable = card.getByTestId('unreadable');
  await expect(unreadable).toContainText('Could not read your answer');
  await expect(unreadable.locator('mark')).toHaveCount(1);
  await expect(unreadable).toContainText('This did not count as an attempt.');
  await expect(attempts).toHaveText(`Attempts: 1 of ${allowed} used.`);

  // Right, typed into the grid with the keyboard: Tab and the arrow keys move between cells.
  await card.getByRole('button', { name: 'Grid' }).click();
  await card.getByLabel('Row 1, column 1').fill('');
  await card.getByLabel('Row 1, column 1').pressSequentially('6');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await page.keyboard.press('ArrowDown'); // row 2, column 2
  await page.keyboard.type('12');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft'); // at the start of the cell: row 2, column 1
  await page.keyboard.type('2');
  await expect(card.getByLabel('Row 2, column 1')).toHaveValue('2');
  await expect(card.getByLabel('Row 2, column 2')).toHaveValue('12');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(result).toHaveAttribute('data-verdict', 'correct');
  await expect(card.getByTestId('exercise-status')).toHaveText('✓ Correct');
  await expect(attempts).toHaveText(`Attempts: 2 of ${allowed} used.`);
  const solution = card.getByTestId('solution');
  await expect(solution).toBeVisible();
  await expect(solution.locator('ol > li')).toHaveCount(3); // first partials, second partials, substitute (1, 2)
  await expect(solution.locator('ol > li').first()).toContainText('First partial derivatives');

  // The finished mark stays on the lesson page.
  await page.reload();
  await expect((await openCard(page, 'hessian-worked-example')).getByTestId('exercise-status')).toHaveText('✓ Correct');

  // Progress: one of the lesson's exercises done with score 1 → 1/n of the lesson's score.
  await page.goto('/dashboard');
  const n = hessianLesson.exercises.length;
  await expect(row.getByTestId('done')).toHaveText(`1 of ${n}`);
  await expect(row.getByTestId('attempted')).toHaveText(`1 of ${n}`);
  await expect(row.getByTestId('score')).toHaveText(`${Math.round(100 / n)}%`);
  await expect(row.locator('time')).toHaveCount(1);

  // History: both graded attempts, newest first; the unreadable one is not there.
  await page.getByRole('link', { name: 'Your attempt history' }).click();
  const history = page.getByTestId('history').locator('tbody tr');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toHaveAttribute('data-verdict', 'correct');
  await expect(history.nth(0)).toContainText('[6, 2; 2, 12]');
  await expect(history.nth(1)).toContainText(ALICE_MARKER);
  await expect(history.nth(1)).toContainText('half the right ones');

  aliceState = await context.storageState();
});

test("a second student sees none of the first one's attempts over HTTP; sign-up cannot choose a role", async ({ browser }) => {
  expect(aliceState).toBeDefined();
  const bob = await signUpThroughApi(browser, { ...BOB, role: 'admin' });
  const session = await (await bob.request.get('/api/auth/get-session')).json();
  expect(session.user.email).toBe(BOB.email);
  expect(session.user.role).toBe('student');

  const page = await bob.newPage();
  await enrol(page);
  const responses = await recordDataRequests(page);
  await page.goto(LESSON);
  const card = await openCard(page, 'hessian-worked-example');
  await expect(card.getByTestId('attempts')).toContainText('Attempts: 0 of');
  await expect(card.getByTestId('result')).toHaveCount(0);
  expect(responses.count()).toBeGreaterThan(0);
  for (const body of await responses.bodies()) expect(body).not.toContain('3.00017');

  const bobHistory = await (await bob.request.get('/dashboard/history')).text();
  expect(bobHistory).toContain('You have not answered any exercise yet.');
  expect(bobHistory).not.toContain('3.00017');
  const bobDashboard = await (await bob.request.get('/dashboard')).text();
  expect(bobDashboard).not.toContain('Alice');

  // Alice's own history does hold the marker (the check above can fail).
  const alice = await browser.newContext({ storageState: aliceState });
  expect(await (await alice.request.get('/dashboard/history')).text()).toContain('3.00017');
  await alice.close();

  // Signed out: no history at all.
  const anonymous = await browser.newContext();
  const res = await anonymous.request.get('/dashboard/history', { maxRedirects: 0 });
  expect(res.status()).toBeGreaterThanOrEqual(300);
  expect(res.status()).toBeLessThan(400);
  expect(res.headers()['location']).toContain('/sign-in');
  await anonymous.close();
  await bob.close();
});

test('the reference answer and steps are in no page, payload, API response or bundle before they are allowed', async ({ browser, request }) => {
  const key = 'hessian-three-variables';
  const template = exerciseOf(key).spec;
  // Bob: enrolled in the previous test.
  const bob = await browser.newContext();
  const signIn = await bob.request.post('/api/auth/sign-in/email', { data: { email: BOB.email, password: BOB.password }, headers: { origin: BASE_URL } });
  expect(signIn.status()).toBe(200);
  const userId: string = (await (await bob.request.get('/api/auth/get-session')).json()).user.id;
  const variant = generateVariant(template, variantSeed(userId, key)) as { f: string; at: number[] };
  const needles = referenceNeedles(variant);

  // The static lesson: its HTML and its RSC payload.
  const html = await (await request.get(LESSON)).text();
  const rsc = await (await request.get(LESSON, { headers: { RSC: '1' } })).text();
  expect(rsc.length).toBeGreaterThan(1000);
  expect(found(html, needles)).toEqual([]);
  expect(found(rsc, needles)).toEqual([]);

  // No built chunk holds the reference of Bob's variant or of any example variant (seed 0),
  // nor the engine that computes them (a worked step's title is a constant of its kind).
  const exampleNeedles = hessianLesson.exercises.flatMap((e) => referenceNeedles(generateVariant(e.spec, 0)));
  const chunks: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.js')) chunks.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.resolve('.next', 'static'));
  expect(chunks.length).toBeGreaterThan(3);
  const bundle = chunks.join('\n');
  expect(found(bundle, [...needles, ...exampleNeedles])).toEqual([]);
  expect(bundle).not.toContain('Differentiate each partial again');

  // Neither mathjs nor KaTeX is in the lesson page's initial JavaScript.
  const initial = [...html.matchAll(/\/_next\/static\/chunks\/[\w.-]+\.js/g)].map((m) => m[0]);
  expect(initial.length).toBeGreaterThan(0);
  for (const src of new Set(initial)) {
    const js = fs.readFileSync(path.resolve('.next', 'static', src.replace('/_next/static/', '')), 'utf8');
    expect(js, src).not.toContain('KaTeX parse error');
    expect(js, src).not.toContain('Unexpected type of argument in function');
  }
  expect(bundle).toContain('KaTeX parse error'); // …it is in a chunk of its own, loaded on demand

  // Bob's own state and a wrong answer: the API responses hold no reference either.
  const page = await bob.newPage();
  const responses = await recordDataRequests(page);
  await page.goto(LESSON);
  const card = await openCard(page, key);
  await card.getByLabel('Your answer').fill('[1000, 1000, 1000; 1000, 1000, 1000; 1000, 1000, 1000]'); // every entry is at most 4 in size
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'wrong');
  expect(responses.count()).toBeGreaterThanOrEqual(2); // the lesson state, the submission
  for (const body of await responses.bodies()) expect(found(body, needles)).toEqual([]);
  expect(await page.content()).not.toContain('Answer and worked steps');

  // Positive control: the right answer reveals it, and then the response does hold it.
  // f = x²y + yz² + a·xz has H = [2y 2x a; 2x 0 2z; a 2z 2y].
  const a = Number(/([-\d]+)\)?\*x\*z/.exec(variant.f)?.[1]);
  const [p, q, r] = variant.at;
  expect(Number.isInteger(a) && a !== 0).toBe(true);
  const right = `[${2 * q}, ${2 * p}, ${a}; ${2 * p}, 0, ${2 * r}; ${a}, ${2 * r}, ${2 * q}]`;
  await card.getByLabel('Your answer').fill(right);
  const revealing = responses.next();
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');
  await expect(card.getByTestId('solution')).toBeVisible();
  expect(found(await revealing, needles).length).toBeGreaterThan(0);
  await bob.close();
});

test('a double-clicked submit stores one attempt; the pages fit a phone', async ({ browser }) => {
  const bob = await browser.newContext();
  await bob.request.post('/api/auth/sign-in/email', { data: { email: BOB.email, password: BOB.password }, headers: { origin: BASE_URL } });
  const page = await bob.newPage();
  await page.goto(LESSON);
  const card = await openCard(page, 'hessian-worked-example');
  await expect(card.getByTestId('attempts')).toContainText('Attempts: 0 of');
  await card.getByLabel('Your answer').fill('[1, 1; 1, 1]');
  await card.getByRole('button', { name: 'Submit answer' }).dblclick();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'wrong');
  await expect(card.getByTestId('attempts')).toContainText('Attempts: 1 of');
  await page.reload();
  await expect((await openCard(page, 'hessian-worked-example')).getByTestId('attempts')).toContainText('Attempts: 1 of');
  await page.goto('/dashboard/history');
  await expect(page.getByTestId('history').locator('tbody tr', { hasText: '[1, 1; 1, 1]' })).toHaveCount(1);

  // On a phone, the live cards (with a 3×3 grid open), the dashboard and the history fit the width.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(LESSON);
  const three = await openCard(page, 'hessian-three-variables');
  await expect(three.getByTestId('solution')).toBeVisible(); // answered in the leak test
  const open = await openCard(page, 'hessian-quadratic-form');
  await open.getByRole('button', { name: 'Grid' }).click();
  await expect(open.getByLabel('Row 2, column 2')).toBeVisible();
  for (const url of [null, '/dashboard', '/dashboard/history']) {
    if (url) await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url ?? LESSON).toBeLessThanOrEqual(1);
  }
  await bob.close();
});
