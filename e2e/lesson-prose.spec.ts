/**
 * A lesson's prose is written into a fully loaded page once (issue 19: its KaTeX is not
 * repeated in the page's React payload), and still shows after a client-side navigation to
 * the next lesson and back.
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
