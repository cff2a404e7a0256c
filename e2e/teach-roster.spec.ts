/**
 * The roster page in Chromium, signed in through the real form: the instructor imports a
 * .csv file (read in the browser into the text box) holding the demo student (already in
 * the course), someone with an account who is not, a new address and a malformed line;
 * reads the summary (the part that worked not in red, the bad line apart in red); the
 * existing account is only invited, and joins by opening the e-mailed link (read from the
 * demo mailer's .eml file) and accepting; the instructor makes the new member an
 * instructor and removes them (a Remove that does not look like the other buttons); and
 * the invited address signs up through /sign-up and finds the course on its dashboard.
 */
import fs from 'node:fs';
import path from 'node:path';
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

/** The newest invitation link mailed to `email` by the e2e server's file mailer (data/e2e/mail). */
async function invitationLink(email: string): Promise<string> {
  const dir = path.resolve('data', 'e2e', 'mail');
  await expect.poll(() => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes(email)).length : 0)).toBeGreaterThan(0);
  const file = fs.readdirSync(dir).filter((f) => f.includes(email) && fs.readFileSync(path.join(dir, f), 'utf8').includes('Invitation to')).sort().at(-1)!;
  // The body is quoted-printable: join soft line breaks and decode =XX before reading the link.
  const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const link = /http:\/\/\S+\/invitation\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link, `an invitation link in ${file}`).toBeTruthy();
  return new URL(link!).pathname + new URL(link!).search;
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
    `${CAROL.email.toUpperCase()},"${CAROL.name}",`, // line 3: has an account → invited, like anyone
    `${DANA.email},"${DANA.name}",student`, // line 4: no account → invited
    'dana-at-example.com,Not An Address,student', // line 5: malformed
  ].join('\r\n');
  await page.getByLabel('Or read a .csv file into the box').setInputFiles({ name: 'class.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv + '\r\n') });
  await expect(page.getByLabel('Email addresses or CSV')).toHaveValue(/dana-at-example\.com/);
  await page.getByRole('button', { name: 'Import' }).click();

  const message = page.getByTestId('roster-message');
  await expect(message).toHaveText('2 invited, 1 already in the course, 1 error on line 5: “dana-at-example.com” is not an email address.');
  // Partly imported is not shown as a failure: the summary is a status in the warning colour,
  // and only the line that was not imported is listed in red.
  await expect(message).toHaveAttribute('role', 'status');
  await expect(message).toHaveClass('partial');
  const red = await page.evaluate(() => getComputedStyle(document.querySelector('.error-list')!).color);
  expect(await message.evaluate((el) => getComputedStyle(el).color)).not.toBe(red);
  await expect(page.getByTestId('roster-errors')).toHaveText('Line 5: “dana-at-example.com” is not an email address — not imported.');
  const details = page.getByTestId('roster-details');
  await expect(details).toContainText('Line 2: student@example.com is already in the course as student (role unchanged).');
  await expect(details).toContainText(`Line 3: ${CAROL.email} invited as student.`);
  await expect(details).toContainText(`Line 4: ${DANA.email} invited as student.`);
  await expect(details).not.toContainText('not imported');

  // Carol has an account but is not put into the course: she is invited, like Dana.
  const carolRow = members.locator(`tr[data-email="${CAROL.email}"]`);
  await expect(carolRow).toHaveCount(0);
  await expect(page.getByTestId('invitations').locator(`tr[data-email="${CAROL.email}"]`)).toBeVisible();

  // Carol opens the mailed link, signs in through it and accepts.
  const carolContext = await browser.newContext();
  const carol = await carolContext.newPage();
  const link = await invitationLink(CAROL.email);
  await carol.goto(link);
  await expect(carol.getByRole('heading', { level: 1 })).toHaveText(/^Invitation to /);
  await carol.locator('#main').getByRole('link', { name: 'Sign in' }).click();
  await carol.getByLabel('Email').fill(CAROL.email);
  await carol.getByLabel('Password').fill(CAROL.password);
  await carol.getByRole('button', { name: 'Sign in' }).click();
  await carol.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(carol).toHaveURL(/\/dashboard$/);
  await expect(carol.getByTestId('progress-curvature')).toBeVisible();
  // The link worked once.
  await carol.goto(link);
  await expect(carol.getByText('This invitation link does not work any more')).toBeVisible();
  await carolContext.close();

  // The tables follow: Carol is a member, Dana is invited, the demo student is still a student.
  await page.reload();
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

  // Remove Carol: the button does not look like Make instructor; the confirmation says her attempts are kept.
  const look = (name: string) =>
    page.getByRole('button', { name }).evaluate((el) => {
      const s = getComputedStyle(el);
      return `${s.backgroundColor} ${s.color}`;
    });
  expect(await look(`Remove ${CAROL.name}…`)).not.toBe(await look(`Make ${CAROL.name} an instructor`));
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
  await expect(page.getByTestId('roster-message')).toHaveClass('error');
});
