/**
 * The roster page in Chromium, signed in through the real form: the instructor imports a
 * .csv file (read in the browser into the text box) holding the demo student (already in
 * the course), someone with an account who is not, a new address and a malformed line;
 * reads the summary with the line error; makes the new member an instructor and removes
 * them; and the invited address signs up through /sign-up and finds the course on its
 * dashboard (claimInvitations, wired into sign-up in server/auth.ts).
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { INSTRUCTOR, signIn, signUp } from './support';

const stamp = Date.now().toString(36);
const CAROL = { name: 'Carol Example', email: `carol-${stamp}@example.com`, password: 'carol-password-1' };
const DANA = { name: 'Dana Example', email: `dana-${stamp}@example.com`, password: 'dana-password-12' };
const ROSTER = '/teach/curvature/roster';

async function signUpThroughApi(browser: Browser, who: typeof CAROL): Promise<void> {
  const context = await browser.newContext();
  const res = await context.request.post('/api/auth/sign-up/email', { data: who, headers: { origin: BASE_URL } });
  expect(res.status()).toBe(200);
  await context.close();
}

async function signInAsInstructor(page: Page) {
  await signIn(page, INSTRUCTOR, ROSTER);
  await expect(page.getByRole('heading', { level: 1, name: 'Roster' })).toBeVisible();
}

test('the instructor imports a CSV file, changes a role and removes someone; the invitee signs up into the course', async ({ page, browser }) => {
  // Carol has an account but is not in the course; Dana has none yet.
  await signUpThroughApi(browser, CAROL);
  await signInAsInstructor(page);
  const members = page.getByTestId('roster');
  await expect(members.locator(`tr[data-email="${INSTRUCTOR.email}"]`).getByTestId('role')).toHaveText('instructor');

  // A spreadsheet export: byte-order mark, CRLF, a header, quoted names.
  const csv = [
    'Email,Name,Role', // line 1
    'student@example.com,"Student, Demo",instructor', // line 2: already in the course (role stays student)
    `${CAROL.email.toUpperCase()},"${CAROL.name}",`, // line 3: has an account → enrolled as student
    `${DANA.email},"${DANA.name}",student`, // line 4: no account → invited
    'dana-at-example.com,Not An Address,student', // line 5: malformed
  ].join('\r\n');
  await page.getByLabel('Or read a .csv file into the box').setInputFiles({ name: 'class.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv + '\r\n') });
  await expect(page.getByLabel('Email addresses or CSV')).toHaveValue(/dana-at-example\.com/);
  await page.getByRole('button', { name: 'Import' }).click();

  const message = page.getByTestId('roster-message');
  await expect(message).toHaveText('1 enrolled, 1 invited, 1 already in the course, 1 error on line 5: “dana-at-example.com” is not an email address.');
  const details = page.getByTestId('roster-details');
  await expect(details).toContainText('Line 2: student@example.com is already in the course as student (role unchanged).');
  await expect(details).toContainText(`Line 3: ${CAROL.email} enrolled as student.`);
  await expect(details).toContainText(`Line 4: ${DANA.email} invited as student`);

  // The tables follow: Carol is a member, Dana is invited, the demo student is still a student.
  const carolRow = members.locator(`tr[data-email="${CAROL.email}"]`);
  await expect(carolRow.getByTestId('role')).toHaveText('student');
  await expect(members.locator('tr[data-email="student@example.com"]').getByTestId('role')).toHaveText('student');
  await expect(page.getByTestId('invitations').locator(`tr[data-email="${DANA.email}"]`)).toBeVisible();
  // The instructor's own row has no buttons: nobody changes their own role by accident.
  await expect(members.locator(`tr[data-email="${INSTRUCTOR.email}"]`).getByRole('button')).toHaveCount(0);

  // Change a role: Carol becomes an instructor, and back.
  await page.getByRole('button', { name: `Make ${CAROL.name} an instructor` }).click();
  await expect(carolRow.getByTestId('role')).toHaveText('instructor');
  await page.getByRole('button', { name: `Make ${CAROL.name} a student` }).click();
  await expect(carolRow.getByTestId('role')).toHaveText('student');

  // Remove Carol: the confirmation says her attempts are kept.
  await page.getByRole('button', { name: `Remove ${CAROL.name}…` }).click();
  const confirm = page.getByRole('form', { name: `Remove ${CAROL.name}` });
  await expect(confirm).toContainText('Their attempts stay in the database and reappear if they are enrolled again.');
  await confirm.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(carolRow).toHaveCount(0);
  await page.reload();
  await expect(members.locator(`tr[data-email="${CAROL.email}"]`)).toHaveCount(0);
  await expect(page.getByTestId('invitations').locator(`tr[data-email="${DANA.email}"]`)).toBeVisible();

  // Dana signs up with the invited address (typed in another case) and lands in the course.
  const danaContext = await browser.newContext();
  const dana = await danaContext.newPage();
  await signUp(dana, { ...DANA, email: DANA.email.toUpperCase() });
  await expect(dana.getByTestId('progress-curvature')).toBeVisible();
  await danaContext.close();

  // The invitation was used up; Dana is on the roster as a student.
  await page.reload();
  await expect(members.locator(`tr[data-email="${DANA.email}"]`).getByTestId('role')).toHaveText('student');
  await expect(page.getByTestId('invitations').locator(`tr[data-email="${DANA.email}"]`)).toHaveCount(0);
});

test('an invitation can be cancelled; a list of bad lines imports nothing', async ({ page }) => {
  await signInAsInstructor(page);
  // An invitation to cancel.
  const ghost = `ghost-${stamp}@example.com`;
  await page.getByLabel('Email addresses or CSV').fill(ghost);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('roster-message')).toHaveText('1 invited.');
  const row = page.getByTestId('invitations').locator(`tr[data-email="${ghost}"]`);
  await row.getByRole('button', { name: `Cancel the invitation of ${ghost}` }).click();
  await expect(row).toHaveCount(0);
  // Malformed everything: nothing is imported, every line is listed.
  await page.getByLabel('Email addresses or CSV').fill('a@\nb@\n');
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('roster-message')).toHaveText('2 errors (lines 1, 2), not imported.');
});
