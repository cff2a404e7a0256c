import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const STUDENT = { email: 'student@example.com', password: 'curvature-student' };

test('the home page lists the course lessons in order', async ({ page }) => {
  await page.goto('/');
  // Other specs may publish more courses: the demo course has its own section and heading.
  const course = page.locator('section[aria-labelledby="course-curvature"]');
  await expect(course.getByRole('heading')).toContainText('Curvature');
  const links = course.locator('ol.lessons a');
  expect(await links.count()).toBeGreaterThanOrEqual(2);
  await expect(links.first()).toHaveAttribute('href', /^\/courses\/curvature\/[a-z0-9-]+$/);
});

test('a lesson page arrives with KaTeX already rendered in the server HTML', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('section[aria-labelledby="course-curvature"] ol.lessons a').nth(1).getAttribute('href');
  expect(href).toBeTruthy();
  // The raw HTML, before any script runs, already holds KaTeX's output.
  const html = await (await request.get(href!)).text();
  expect(html).toMatch(/class="katex"/);
  expect(html).toMatch(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/);
  // And in the browser, with scripts disabled the formulas are still there.
  await page.goto(href!);
  await expect(page.locator('.katex').first()).toBeVisible();
  await expect(page.locator('nav.lesson-nav a').first()).toBeVisible();
});

test('math renders without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  const href = await page.locator('section[aria-labelledby="course-curvature"] ol.lessons a').first().getAttribute('href');
  await page.goto(href!);
  await expect(page.locator('.katex-html').first()).toBeVisible();
  await context.close();
});

test('the health route reports the database as reachable', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: 'ok', database: { provider: 'sqlite', reachable: true } });
});

test('the demo student signs in and out; a wrong password is refused', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(STUDENT.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password' })).toBeVisible();

  await page.getByLabel('Password').fill(STUDENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(STUDENT.email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('the layout holds on a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/');
  const href = await page.locator('section[aria-labelledby="course-curvature"] ol.lessons a').first().getAttribute('href');
  await page.goto(href!);
  // No horizontal scrolling of the page itself (wide formulas scroll inside their own box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});

/** Start a second server on the same database file, as a restart would. */
function startServer(port: number, dbUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    cwd: path.resolve('.'),
    env: {
      ...process.env,
      PORT: String(port),
      BASE_URL: `http://localhost:${port}`,
      DATABASE_URL: dbUrl,
      AUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
      CURVATURE_SKIP_BUILD: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    // A first start applies the migrations and publishes the demo course (bench/README.md: start-up).
    const deadline = Date.now() + 150_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://localhost:${port}/api/health`);
        if (r.ok) return resolve(child);
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error('server did not start'));
      setTimeout(poll, 250);
    };
    poll();
  });
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

test('restarting the app keeps accounts and data', async ({ request }) => {
  test.setTimeout(360_000);
  const port = Number(process.env.E2E_PORT ?? 3100) + 11;
  const dbUrl = `file:${path.resolve('data', 'e2e', 'restart.db')}`;
  const email = `restart-${Date.now()}@example.com`;
  const origin = `http://localhost:${port}`;
  let server = await startServer(port, dbUrl);
  try {
    const up = await request.post(`${origin}/api/auth/sign-up/email`, {
      data: { email, password: 'a-long-password', name: 'Restart Test' },
      headers: { origin },
    });
    expect(up.status()).toBe(200);
  } finally {
    await stopServer(server);
  }
  server = await startServer(port, dbUrl);
  try {
    const again = await request.post(`${origin}/api/auth/sign-in/email`, {
      data: { email, password: 'a-long-password' },
      headers: { origin },
    });
    expect(again.status()).toBe(200);
    expect((await again.json()).user.email).toBe(email);
  } finally {
    await stopServer(server);
  }
});
