/**
 * Outgoing e-mail: address verification, course invitations, unlock links.
 *
 * With SMTP settings the messages go out through nodemailer over SMTP:
 *   SMTP_URL=smtp://user:password@mail.example.edu:587   (smtps:// for TLS from the start)
 * or the same in parts: SMTP_HOST, SMTP_PORT (587), SMTP_USER, SMTP_PASS, SMTP_SECURE=1 for
 * TLS from the first byte (port 465). SMTP_FROM is the sender (default
 * "Curvature <curvature@<BASE_URL's host>>").
 *
 * Without them (the demo, tests, a first try) every message is written as a file
 * `<time>-<to>.eml` in CURVATURE_MAIL_DIR (default: `mail/` beside the SQLite database, or
 * ./data/mail) and one line saying so is logged, so that links can be followed by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { resolveDatabase, type Env } from '@/server/db/config';

/** One message: plain text only (nothing a mail client could run or load). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Where messages go, for the start-up log: "SMTP mail.example.edu:587" or "files in /…/mail". */
  describe: string;
  send(mail: Mail): Promise<void>;
}

/** The SMTP settings in `env`, or null when none are set (then mail is written to files). */
/**
 * False for an address no mail can reach: the `.invalid` top-level domain is reserved for that
 * (RFC 2606). Accounts an LMS made without an e-mail address get one there (server/lti/launch.ts).
 */
export function hasMailbox(address: string): boolean {
  return !/\.invalid$/i.test(address.trim());
}

export function smtpSettings(env: Env = process.env): { url: string } | { host: string; port: number; secure: boolean; user?: string; pass?: string } | null {
  const url = env.SMTP_URL?.trim();
  if (url) return { url };
  const host = env.SMTP_HOST?.trim();
  if (!host) return null;
  const secure = env.SMTP_SECURE === '1' || env.SMTP_SECURE === 'true';
  const port = Number(env.SMTP_PORT?.trim() || (secure ? 465 : 587));
  return { host, port, secure, user: env.SMTP_USER?.trim() || undefined, pass: env.SMTP_PASS || undefined };
}

/** Problems with the mail settings, one sentence each (empty when fine or unset). */
export function mailConfigProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  const url = env.SMTP_URL?.trim();
  if (url && !/^smtps?:\/\/[^/]/i.test(url)) problems.push('SMTP_URL must look like smtp://user:password@mail.example.edu:587 (or smtps:// for TLS on port 465)');
  const port = env.SMTP_PORT?.trim();
  if (port && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) problems.push(`SMTP_PORT must be a port number from 1 to 65535 — got "${port}"`);
  return problems;
}

/** The sender address: SMTP_FROM, or curvature@ the host of BASE_URL. */
export function mailFrom(env: Env = process.env): string {
  const from = env.SMTP_FROM?.trim();
  if (from) return from;
  let host = 'localhost';
  try {
    host = new URL(env.BASE_URL ?? 'http://localhost').hostname || host;
  } catch {
    // BASE_URL is checked elsewhere; keep the fallback
  }
  return `Curvature <curvature@${host}>`;
}

/** The folder the file mailer writes to. */
export function mailDir(env: Env = process.env): string {
  if (env.CURVATURE_MAIL_DIR?.trim()) return path.resolve(env.CURVATURE_MAIL_DIR.trim());
  const db = resolveDatabase(env);
  return path.join(db.provider === 'sqlite' ? path.dirname(db.file) : path.resolve('data'), 'mail');
}

/** A mailer for `env`: SMTP when configured, files otherwise; mail to an address without a mailbox is dropped. */
export function createMailer(env: Env = process.env): Mailer {
  const mailer = deliveringMailer(env);
  return {
    describe: mailer.describe,
    async send(mail) {
      if (!hasMailbox(mail.to)) {
        console.log(`curvature: mail to ${mail.to} (“${mail.subject}”) not sent: the address has no mailbox`);
        return;
      }
      await mailer.send(mail);
    },
  };
}

function deliveringMailer(env: Env): Mailer {
  const smtp = smtpSettings(env);
  const from = mailFrom(env);
  if (smtp) {
    const transport =
      'url' in smtp
        ? nodemailer.createTransport(smtp.url)
        : nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: smtp.secure, auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined });
    const where = 'url' in smtp ? new URL(smtp.url).host : `${smtp.host}:${smtp.port}`;
    return {
      describe: `SMTP ${where}`,
      async send(mail) {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      },
    };
  }
  const dir = mailDir(env);
  return {
    describe: `files in ${dir}`,
    async send(mail) {
      const message = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      const built = await message.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, '_').slice(0, 100);
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeTo}-${Math.random().toString(36).slice(2, 8)}.eml`);
      await fs.promises.writeFile(file, built.message as Buffer, { mode: 0o600 });
      console.log(`curvature: mail to ${mail.to} (“${mail.subject}”) written to ${file} — set SMTP_URL to send it`);
    },
  };
}

let instance: Mailer | undefined;

/** The process's mailer, made from the environment on first use. */
export function getMailer(): Mailer {
  instance ??= createMailer();
  return instance;
}
