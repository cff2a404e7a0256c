/**
 * Generated math reads like a textbook (issue 18, item 14): the instructor's preview of the
 * cubic's symbolic Hessian, x³ + y³ + 2xy → [6x, 2; 2, 6y] by hand, shows the answer as a
 * person types it ("6x", not "6 * x") and its KaTeX with coefficients in front and no dots.
 */
import { expect, test } from '@playwright/test';
import { INSTRUCTOR, signIn } from './support';

test('the preview writes a symbolic answer as a textbook does', async ({ page }) => {
  await signIn(page, INSTRUCTOR, '/teach/curvature/preview/hessian-formula-worked-example');
  await expect(page.getByTestId('variant')).toBeVisible();
  await expect(page.getByTestId('preview-answer-text')).toHaveText('[6x, 2; 2, 6y]');
  const tex = (await page.getByTestId('preview-answer').locator('annotation[encoding="application/x-tex"]').allTextContents()).join(' ');
  expect(tex.replace(/\s+/g, '')).toContain('6x&2\\\\2&6y');
  expect(tex).not.toContain('\\cdot');
});
