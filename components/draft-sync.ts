/**
 * Keeping a student's unsent answer in parts (a trace) as they type: on the server
 * (POST /api/drafts, server/answer-drafts.ts) so that it can be resumed on any device, a moment after
 * they stop typing and when they leave the page; and in this browser's localStorage, so that
 * nothing is lost while the server cannot be reached. The browser's copy says whether the
 * server has it yet (`pending`); a pending copy is sent again on the next visit.
 */
import type { DraftRequest, DraftResponse } from '@/server/wire';

/** What the card says about the draft; `kind` for tests and styling. */
export interface DraftNote {
  kind: 'restored' | 'saving' | 'saved' | 'retrying' | 'failed';
  text: string;
}

/** This browser's copy of a draft. */
export interface LocalCopy {
  texts: Record<string, string>;
  /** True until the server has confirmed these texts. */
  pending: boolean;
}

/** Where the draft goes: the exercise, and the sitting when in an assessment. */
export type DraftTarget = Omit<DraftRequest, 'text'>;

/** How long after the last keystroke a draft is sent. */
export const SAVE_DELAY_MS = 800;
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;

const storageKey = (draftKey: string) => `curvature-draft:${draftKey}`;

function stringsOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Whether every text is blank. */
export function blank(texts: Record<string, string>): boolean {
  return Object.values(texts).every((t) => t.trim() === '');
}

/** This browser's copy of the draft, or null. (A copy from before server drafts, plain texts, counts as not yet sent.) */
export function readLocal(draftKey: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(storageKey(draftKey));
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && 'texts' in value) {
      return { texts: stringsOf((value as { texts: unknown }).texts), pending: (value as { pending?: unknown }).pending === true };
    }
    return { texts: stringsOf(value), pending: true };
  } catch {
    return null;
  }
}

/** Keeps the copy in this browser (removes it when every text is blank); false when storage is full or off. */
export function writeLocal(draftKey: string, copy: LocalCopy): boolean {
  try {
    if (blank(copy.texts)) window.localStorage.removeItem(storageKey(draftKey));
    else window.localStorage.setItem(storageKey(draftKey), JSON.stringify(copy));
    return true;
  } catch {
    return false;
  }
}

/** Forgets this browser's copy (its answer was stored). */
export function clearLocal(draftKey: string): void {
  try {
    window.localStorage.removeItem(storageKey(draftKey));
  } catch {
    // storage off: nothing was kept
  }
}

/**
 * The texts a card starts from: this browser's copy if the server does not have it yet (it
 * is then sent: `push`), else the server's draft; else none. A copy the server had confirmed
 * but no longer has was answered (on any device) or cleared, and is dropped.
 */
export function startingDraft(local: LocalCopy | null, server: { text: string } | null | undefined): { texts: Record<string, string>; push: boolean } {
  if (local?.pending && !blank(local.texts)) return { texts: local.texts, push: true };
  if (server) {
    try {
      return { texts: stringsOf(JSON.parse(server.text)), push: false };
    } catch {
      return { texts: {}, push: false };
    }
  }
  return { texts: {}, push: false };
}

/** What a send came to: kept, refused for good (with the reason), or to be tried again. */
type Sent = { ok: true } | { ok: false; retry: boolean; message: string };

/** POSTs the draft; never throws. */
export async function postDraft(body: DraftRequest, keepalive = false): Promise<Sent> {
  let res: Response;
  try {
    res = await fetch('/api/drafts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store', keepalive });
  } catch {
    return { ok: false, retry: true, message: 'the server could not be reached' };
  }
  if (res.status >= 500 || !(res.headers.get('content-type') ?? '').includes('application/json')) {
    return { ok: false, retry: true, message: `the server answered ${res.status}` };
  }
  const out = (await res.json().catch(() => null)) as DraftResponse | null;
  if (!out) return { ok: false, retry: true, message: `the server answered ${res.status}` };
  switch (out.status) {
    case 'saved':
      return { ok: true };
    case 'signed-out':
      return { ok: false, retry: false, message: 'you are signed out; sign in again to keep it on the server' };
    case 'not-enrolled':
      return { ok: false, retry: false, message: 'you are not enrolled in this course' };
    case 'not-found':
      return { ok: false, retry: false, message: 'this exercise is no longer here' };
    default:
      return { ok: false, retry: false, message: out.message };
  }
}

/**
 * One card's draft: `change` on every keystroke; sent SAVE_DELAY_MS after the last one, at
 * once when the page is hidden or left, and again with a growing wait (2 s … 30 s, or when
 * the browser comes back online) while the server cannot be reached. `settle` sends what is
 * waiting and resolves when nothing is in flight (before an answer is submitted, so that no
 * late draft outlives it).
 */
export class DraftSync {
  private waiting: Record<string, string> | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = RETRY_FIRST_MS;
  private stuck = false;
  private readonly onHide = () => {
    if (document.visibilityState === 'hidden') this.sendNow(true);
  };
  private readonly onLeave = () => this.sendNow(true);
  private readonly onOnline = () => this.sendNow(false);

  constructor(
    private readonly target: DraftTarget,
    private readonly draftKey: string,
    private readonly onNote: (note: DraftNote) => void,
    private readonly send: (body: DraftRequest, keepalive: boolean) => Promise<Sent> = postDraft,
  ) {
    window.addEventListener('pagehide', this.onLeave);
    document.addEventListener('visibilitychange', this.onHide);
    window.addEventListener('online', this.onOnline);
  }

  /** The student changed the texts. */
  change(texts: Record<string, string>): void {
    const kept = writeLocal(this.draftKey, { texts, pending: true });
    this.waiting = texts;
    if (!this.stuck) this.onNote({ kind: 'saving', text: kept ? 'Saving draft…' : 'Saving draft… (this browser cannot keep a copy)' });
    this.schedule(SAVE_DELAY_MS);
  }

  /** Sends what is waiting now and resolves once nothing is in flight. */
  async settle(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    this.sendNow(false);
    if (this.inFlight) await this.inFlight;
  }

  /** Stops listening; what is still waiting is sent (the card is going away). */
  dispose(): void {
    window.removeEventListener('pagehide', this.onLeave);
    document.removeEventListener('visibilitychange', this.onHide);
    window.removeEventListener('online', this.onOnline);
    this.sendNow(true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sendNow(false);
    }, ms);
  }

  private sendNow(keepalive: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight || !this.waiting) return;
    const texts = this.waiting;
    this.waiting = null;
    this.inFlight = this.send({ ...this.target, text: JSON.stringify(texts) }, keepalive).then((sent) => {
      this.inFlight = null;
      if (sent.ok) {
        this.stuck = false;
        this.retryMs = RETRY_FIRST_MS;
        if (!this.waiting) {
          writeLocal(this.draftKey, { texts, pending: false });
          this.onNote({ kind: 'saved', text: 'Draft saved.' });
        }
      } else if (sent.retry) {
        this.stuck = true;
        this.waiting ??= texts;
        this.onNote({ kind: 'retrying', text: `Not saved — retrying (${sent.message}). A copy is kept in this browser.` });
        this.schedule(this.retryMs);
        this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
        return;
      } else {
        this.stuck = true;
        this.onNote({ kind: 'failed', text: `Not saved: ${sent.message}. A copy is kept in this browser.` });
      }
      if (this.waiting) this.schedule(SAVE_DELAY_MS);
    });
  }
}
