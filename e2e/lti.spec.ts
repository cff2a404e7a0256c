/**
 * LTI 1.3 in a real browser: the test platform (tests/support/lti-platform.ts) runs on
 * 127.0.0.1 in this process, the admin registers it with the admin command, and Chromium
 * launches from it — login initiation → the platform's authorisation page → the launch →
 * signed in on the linked exercise → answer → the score arrives at the platform's line item,
 * sent by the server's outbox by itself. Then the same from inside an LMS frame on another site
 * (Chromium here blocks the frame's storage and cookies, as third-party), where Curvature
 * offers a window of its own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { signIn } from './support';
import { DEPLOYMENT, ROLE, TestPlatform, type LaunchSpec } from '../tests/support/lti-platform';

const DB = `file:${path.resolve('data', 'e2e', 'curvature.db')}`;
let platform: TestPlatform;

test.beforeAll(async () => {
  platform = await new TestPlatform().start();
  platform.registerTool(BASE_URL);
  const r = platform.registration('E2E LMS');
  const out = execFileSync(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'scripts/admin.ts', 'lti', 'add-platform', '--name', r.name, '--issuer', r.issuer, '--client-id', r.clientId, '--auth-url', r.authUrl, '--token-url', r.tokenUrl, '--jwks-url', r.jwksUrl, '--deployment', DEPLOYMENT],
    { env: { ...process.env, DATABASE_URL: DB, BASE_URL }, encoding: 'utf8' },
  );
  expect(out).toContain(`login (OIDC initiation) URL ${BASE_URL}/api/lti/login`);
});
test.afterAll(async () => {
  await platform?.stop();
});

const stamp = Date.now();
const spec = (sub: string, context: string): LaunchSpec => ({
  user: { sub, name: `LMS Student ${sub}`, email: `${sub}-${stamp}@uni.example`, roles: [ROLE.learner] },
  context: { id: context, title: `LMS course ${context}` },
  resourceLink: { id: `rl-${context}`, title: 'Hessian worked example' },
  custom: { course: 'curvature', lesson: 'hessian', exercise: 'hessian-worked-example' },
});

/** Answers the worked example right: f = x³ + y³ + 2xy has H(1, 2) = [6 2; 2 12]. */
async function answerRight(page: Page) {
  const card = page.locator('[data-exercise="hessian-worked-example"]');
  await expect(card.getByTestId('own-prompt')).toBeVisible();
  await card.getByLabel('Your answer').fill('[6, 2; 2, 12]');
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card.getByTestId('result')).toHaveAttribute('data-verdict', 'correct');
}

/** Waits until the platform has received `score` for `sub`. */
async function scoreArrives(sub: string, score: number) {
  await expect.poll(() => platform.scores.filter((s) => s.userId === sub).map((s) => s.scoreGiven), { timeout: 30_000 }).toContain(score);
}

test('a launch signs the student in on the linked exercise, and the score reaches the LMS gradebook', async ({ page }) => {
  await page.goto(platform.loginUrl(spec(`e2e-${stamp}`, 'ctx-e2e')));
  await expect(page).toHaveURL(/\/courses\/curvature\/hessian#exercise-hessian-worked-example$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText(`e2e-${stamp}-${stamp}@uni.example`);
  await answerRight(page);
  await scoreArrives(`e2e-${stamp}`, 1);
  const items = platform.lineItems.get('ctx-e2e') ?? [];
  expect(items).toEqual([expect.objectContaining({ resourceId: 'exercise:hessian-worked-example', scoreMaximum: 1, label: 'Hessian worked example' })]);
  const score = platform.scores.find((s) => s.userId === `e2e-${stamp}`)!;
  expect(score).toMatchObject({ lineItem: items[0].id, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
});

test('inside an LMS frame that may not keep site data, the launch continues in a new window', async ({ page, context }) => {
  const sub = `e2e-frame-${stamp}`;
  // The LMS's page: Curvature in an iframe, on another site (127.0.0.1 frames localhost).
  await page.goto(`${platform.url}/jwks`);
  await page.setContent(`<h1>Test LMS</h1><iframe title="Curvature" src="${platform.loginUrl(spec(sub, 'ctx-frame'))}" style="width:900px;height:600px"></iframe>`);
  // The server reads the registered LMSs' origins for frame-ancestors every 15 s.
  await expect
    .poll(async () => (await page.request.get('/api/health')).headers()['content-security-policy'] ?? '', { timeout: 30_000 })
    .toMatch(new RegExp(`frame-ancestors [^;]*${platform.url.replace(/[.:/]/g, '\\$&')}`));
  const frame = page.frameLocator('iframe[title="Curvature"]');
  const open = frame.getByTestId('lti-open');
  await expect(open).toBeVisible();
  const [popup] = await Promise.all([context.waitForEvent('page'), open.click()]);
  await expect(popup).toHaveURL(/\/courses\/curvature\/hessian#exercise-hessian-worked-example$/);
  await expect(popup.getByTestId('signed-in-as')).toHaveText(`${sub}-${stamp}@uni.example`);
  await answerRight(popup);
  await scoreArrives(sub, 1);
});

test('a refused launch shows why and signs nobody in', async ({ page }) => {
  const login = new URL(platform.loginUrl(spec(`e2e-bad-${stamp}`, 'ctx-e2e')));
  login.searchParams.set('iss', 'https://not-registered.example');
  await page.goto(login.toString());
  await expect(page.getByTestId('lti-error')).toHaveText(`No LMS is registered with issuer https://not-registered.example and client id ${platform.clientId}.`);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the admin page shows the values for the LMS and registers another one', async ({ page }) => {
  const admin = { email: `lti-admin-${stamp}@example.com`, password: 'lti-admin-password-1' };
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/admin.ts', 'create-user', '--email', admin.email, '--name', 'LTI Admin', '--role', 'admin', '--password', admin.password], {
    env: { ...process.env, DATABASE_URL: DB },
  });
  await signIn(page, admin, '/admin/lti');
  await expect(page.getByTestId('tool-config')).toContainText(`${BASE_URL}/api/lti/login`);
  await expect(page.getByTestId('tool-config')).toContainText(`${BASE_URL}/api/lti/jwks`);
  await expect(page.getByTestId('lti-platforms')).toContainText('E2E LMS');
  await page.getByLabel('Name (for you)').fill('Second LMS');
  await page.getByLabel('Issuer (platform id)').fill('not a url');
  await page.getByLabel('Client id').fill('second-client');
  await page.getByLabel('Authorisation (OIDC auth) URL').fill('https://lms2.example/auth');
  await page.getByLabel('Access token URL').fill('https://lms2.example/token');
  await page.getByLabel('Public keyset (JWKS) URL').fill('https://lms2.example/jwks');
  await page.getByLabel('Deployment ids (one per line)').fill('d-1\nd-2');
  await page.getByRole('button', { name: 'Register LMS' }).click();
  await expect(page.getByTestId('admin-lti-status')).toHaveText('Not registered: issuer: issuer must be an http(s) URL');
  await page.getByLabel('Issuer (platform id)').fill('https://lms2.example');
  await page.getByRole('button', { name: 'Register LMS' }).click();
  await expect(page.getByTestId('admin-lti-status')).toHaveText('Registered Second LMS.');
  await page.reload();
  await expect(page.getByTestId('lti-platforms')).toContainText('d-1, d-2');
});

test('a student may not open the admin page', async ({ page }) => {
  await page.goto(platform.loginUrl(spec(`e2e-nosy-${stamp}`, 'ctx-e2e')));
  await expect(page).toHaveURL(/\/courses\/curvature\/hessian/);
  const res = await page.goto('/admin/lti');
  expect(res?.status()).toBe(403);
});
