/** Outgoing mail (server/mail.ts): over SMTP to a real server on 127.0.0.1, or to files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, hasMailbox, mailConfigProblems, mailFrom, smtpSettings } from '@/server/mail';
import { readMessage, startSmtp, type TestSmtp } from '../support/smtp';

describe('mail', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  const LINK = 'https://curvature.example.edu/verify-email?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

  it('delivers through SMTP_URL with the user and password in it, from SMTP_FROM', async () => {
    const mailer = createMailer({ SMTP_URL: smtp.url, SMTP_FROM: 'Course team <course@example.edu>' });
    expect(mailer.describe).toBe(`SMTP 127.0.0.1:${smtp.port}`);
    await mailer.send({ to: 'ada@example.edu', subject: 'Confirm your address — Curvature', text: `Open this link:\n${LINK}\n` });
    const got = await smtp.waitFor('ada@example.edu');
    expect(got.from).toBe('course@example.edu');
    expect(got.subject).toBe('Confirm your address — Curvature');
    expect(got.text).toContain(LINK); // the whole link, unbroken after decoding
    expect(got.raw).toMatch(/^Content-Type: text\/plain/m);
  });

  it('delivers through SMTP_HOST/SMTP_PORT/SMTP_USER/SMTP_PASS, from curvature@ the BASE_URL host by default', async () => {
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_USER: 'curvature', SMTP_PASS: 'mail-secret', BASE_URL: 'https://maths.example.edu' };
    expect(smtpSettings(env)).toEqual({ host: '127.0.0.1', port: smtp.port, secure: false, user: 'curvature', pass: 'mail-secret' });
    await createMailer(env).send({ to: 'grace@example.edu', subject: 'Hello', text: 'Plain words.' });
    const got = await smtp.waitFor('grace@example.edu');
    expect(got.from).toBe('curvature@maths.example.edu');
    expect(got.text.trim()).toBe('Plain words.');
  });

  it('fails the send (so the caller can say so) when the SMTP server refuses the password', async () => {
    const wrong = smtp.url.replace('mail-secret', 'not-it');
    await expect(createMailer({ SMTP_URL: wrong }).send({ to: 'x@example.edu', subject: 's', text: 't' })).rejects.toThrow(/Invalid username or password/);
    expect(smtp.messages.some((m) => m.to.includes('x@example.edu'))).toBe(false);
  });

  it('sends nothing to an address without a mailbox (an LMS-made account), over SMTP or to files', async () => {
    expect(hasMailbox('lti-0123456789abcdef01234567@lti.invalid')).toBe(false);
    expect(hasMailbox('someone@HOST.INVALID ')).toBe(false);
    expect(hasMailbox('ada@invalid.example.edu')).toBe(true);
    expect(hasMailbox('ada@example.edu')).toBe(true);
    await createMailer({ SMTP_URL: smtp.url }).send({ to: 'lti-a@lti.invalid', subject: 'Unlock', text: 't' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-mail-'));
    try {
      await createMailer({ CURVATURE_MAIL_DIR: dir }).send({ to: 'lti-a@lti.invalid', subject: 'Unlock', text: 't' });
      expect(fs.readdirSync(dir)).toEqual([]);
      // A message sent after it arrives, so the one before would have arrived first had it been sent.
      await createMailer({ SMTP_URL: smtp.url }).send({ to: 'after@example.edu', subject: 'After', text: 't' });
      await smtp.waitFor('after@example.edu');
      expect(smtp.messages.some((m) => m.to.includes('lti-a@lti.invalid'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes each message to a file in CURVATURE_MAIL_DIR when no SMTP is set', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-mail-'));
    try {
      const mailer = createMailer({ CURVATURE_MAIL_DIR: dir });
      expect(mailer.describe).toBe(`files in ${dir}`);
      await mailer.send({ to: 'demo@example.com', subject: 'Your invitation', text: `Accept: ${LINK}` });
      const files = fs.readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/demo@example\.com.*\.eml$/);
      const read = readMessage(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
      expect(read.headers.get('to')).toBe('demo@example.com');
      expect(read.subject).toBe('Your invitation');
      expect(read.text).toContain(LINK);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong with mail settings, and picks a default sender', () => {
    expect(mailConfigProblems({ SMTP_URL: 'mail.example.edu' })[0]).toMatch(/SMTP_URL must look like smtp:\/\//);
    expect(mailConfigProblems({ SMTP_HOST: 'mail.example.edu', SMTP_PORT: '99999' })[0]).toMatch(/SMTP_PORT must be a port number/);
    expect(mailConfigProblems({ SMTP_URL: 'smtps://u:p@mail.example.edu:465' })).toEqual([]);
    expect(mailConfigProblems({})).toEqual([]);
    expect(smtpSettings({})).toBeNull();
    expect(mailFrom({})).toBe('Curvature <curvature@localhost>');
  });
});
