/**
 * A lesson's prose is written into a fully loaded page once (issue 19: its KaTeX is not
 * repeated in the page's React payload), and still shows after a client-side navigation to
 * the next lesson and back. The same for the exercise cards' example questions.
 */
import { expect, test } from '@playwright/test';

const GRADIENTS = 'has a slope for every direction you could walk in';
const HESSIAN = 'The gradient tells us which way is uphill.';

test('lesson prose is in the HTML once, and shows after navigating to the next lesson and back', async ({ page, request }) => {
  const res = await request.get('/courses/curvature/gradients');
  expect(res.status()).toBe(200);
  const html = await res.text();
  // Once in the page, zero times in the payload (before: twice).
  expect(html.split(GRADIENTS).length - 1).toBe(1);
  expect(html).toContain('<span class="katex">');
  // The exercise cards' example questions too: their KaTeX is in the HTML, not in the payload's scripts.
  const payload = [...html.matchAll(/<script[^>]*>(self\.__next_f\.push\(.*?)<\/script>/gs)].map((m) => m[1]).join('');
  expect(payload.length).toBeGreaterThan(0);
  // KaTeX left in the payload: the level-curves figure's caption only (before: every card's question too).
  expect(payload.split('katex-mathml').length - 1).toBe(1);
  expect(payload).toContain('Level curves of');
  expect(html).toContain('data-exercise="gradient-worked-example"');

  await page.goto('/courses/curvature/gradients');
  await expect(page.getByText(GRADIENTS)).toBeVisible();
  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /→/ }).click();
  await expect(page).toHaveURL(/\/courses\/curvature\/hessian$/);
  await expect(page.getByText(HESSIAN)).toBeVisible();
  await expect(page.locator('.lesson-prose .katex').first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/courses\/curvature\/gradients$/);
  await expect(page.getByText(GRADIENTS)).toBeVisible();
  await expect(page.locator('.lesson-prose .katex').first()).toBeVisible();
});
