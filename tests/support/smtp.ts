/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) for tests that follow the mail
 * the app sends: it accepts every message for a user/password it is given, and keeps each
 * one with its headers and decoded plain-text body.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Received {
  from: string;
  to: string[];
  subject: string;
  /** The plain-text body, quoted-printable decoded. */
  text: string;
  raw: string;
}

export interface TestSmtp {
  /** smtp://user:pass@127.0.0.1:<port> */
  url: string;
  port: number;
  messages: Received[];
  /** The newest message to `to`, waiting up to `ms` for one to arrive. */
  waitFor(to: string, ms?: number): Promise<Received>;
  stop(): Promise<void>;
}

/** Decodes a quoted-printable body (soft line breaks and =XX bytes, as UTF-8). */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Reads one message: unfolded headers, and the body decoded by its transfer encoding. */
export function readMessage(raw: string): Omit<Received, 'from' | 'to'> & { headers: Map<string, string> } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  const rawSubject = headers.get('subject') ?? '';
  // =?UTF-8?Q?…?= or =?UTF-8?B?…?= words in the subject
  const subject = rawSubject.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, word: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(word, 'base64').toString('utf8') : decodeQuotedPrintable(word.replace(/_/g, ' ')),
  );
  return { subject, text, raw, headers };
}

export async function startSmtp({ user = 'curvature', pass = 'mail-secret' } = {}): Promise<TestSmtp> {
  const messages: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const read = readMessage(raw);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: read.subject,
          text: read.text,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(to, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = messages.filter((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to)).at(-1);
        if (found) return found;
        if (Date.now() > until) throw new Error(`no mail to ${to} within ${ms} ms (got mail to: ${messages.flatMap((m) => m.to).join(', ') || 'nobody'})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
