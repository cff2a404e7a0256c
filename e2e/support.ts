/**
 * The form steps several browser tests share: signing in, signing up, an instructor setting
 * the course's join code on the dashboard, and a student enrolling with it. Each step checks
 * that it worked before the test goes on.
 */
import { expect, type Browser, type Page } from '@playwright/test';

/** The demo instructor the seed creates (README). */
export const INSTRUCTOR = { email: 'instructor@example.com', password: 'curvature-instructor' };

/** Signs in through the form and waits to land on `next`. */
export async function signIn(page: Page, who: { email: string; password: string }, next: string): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

/** Makes an account through the sign-up form; a new account lands on the dashboard. */
export async function signUp(page: Page, who: { name: string; email: string; password: string }): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** On the dashboard, as an instructor of `course` (other specs may make the instructor teach more): sets its join code. */
export async function setJoinCode(page: Page, code: string, course = 'curvature'): Promise<void> {
  const section = page.locator(`section[aria-labelledby="course-${course}"]`);
  await section.getByText('Enrolment options', { exact: true }).click();
  await section.getByLabel('Course join code').fill(code);
  await section.getByRole('button', { name: 'Save enrolment options' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved.');
}

/** On the dashboard, as a student: enrols in `course` with its join code. */
export async function enrolWithCode(page: Page, code: string, course = 'curvature'): Promise<void> {
  const section = page.locator(`section[aria-labelledby="course-${course}"]`);
  await section.getByLabel('Join code').fill(code);
  await section.getByRole('button', { name: 'Enrol in' }).click();
  await expect(page.getByTestId(`progress-${course}`)).toBeVisible();
}

/** A new student joins `course`: the demo instructor sets its join code in a browser context of
 *  their own (closed after), then `page` signs up as `student` and enrols with the code. */
export async function joinAsNewStudent(browser: Browser, page: Page, student: { name: string; email: string; password: string }, code: string, course = 'curvature'): Promise<void> {
  const context = await browser.newContext();
  const teacher = await context.newPage();
  await signIn(teacher, INSTRUCTOR, '/dashboard');
  await setJoinCode(teacher, code, course);
  await context.close();
  await signUp(page, student);
  await enrolWithCode(page, code, course);
}
