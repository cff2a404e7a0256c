/**
 * The audit log of one assessment for its instructors (issue 22): every AssessmentEvent in
 * server time, newest first, with the student (the event's user: a student's own actions,
 * and what staff did to them — accommodation, override, session reset — is logged under the
 * student with `by`), the action and its detail in words. Filter by student; a page holds
 * LOG_PAGE events (?page=n); the CSV download has them all, oldest first.
 */
import type { PrismaClient } from '@/server/db/client';
import { noteTimeout, sittingDeadline, type AssessmentRules } from '@/server/assessments';
import { csvLine } from './csv';

export const LOG_PAGE = 100;

export interface LogEntry {
  id: string;
  at: Date;
  user: { id: string; name: string; email: string };
  action: string;
  /** The detail as text ("exercise: e-1, number: 2"); staff ids named by email. */
  detail: string;
}

export interface AuditLog {
  assessment: { id: string; slug: string; title: string };
  /** Everyone with an event, by name (the filter's choices). */
  people: { id: string; name: string; email: string }[];
  entries: LogEntry[];
  total: number;
  page: number;
  pages: number;
}

/** Time-outs noticed now (server/assessments.ts noteTimeout) for every sitting of the assessment, so the log has them at their deadlines. */
async function noteTimeouts(prisma: PrismaClient, a: AssessmentRules, now: Date): Promise<void> {
  const sittings = await prisma.sitting.findMany({ where: { assessmentId: a.id, submittedAt: null }, select: { userId: true, startedAt: true, submittedAt: true } });
  if (sittings.length === 0) return;
  const accs = new Map((await prisma.accommodation.findMany({ where: { assessmentId: a.id } })).map((x) => [x.userId, x]));
  // The time-outs already written, read once (not a query per sitting each time the log is opened).
  const noted = new Set((await prisma.assessmentEvent.findMany({ where: { assessmentId: a.id, action: 'timeout' }, select: { userId: true, createdAt: true } })).map((e) => `${e.userId} ${e.createdAt.getTime()}`));
  for (const s of sittings) {
    const acc = accs.get(s.userId) ?? null;
    const deadline = sittingDeadline(a, s.startedAt, acc);
    if (!deadline || now.getTime() < deadline.getTime() || noted.has(`${s.userId} ${deadline.getTime()}`)) continue;
    await noteTimeout(prisma, a, s, acc, now);
  }
}

function detailText(detail: unknown, emails: Map<string, string>): string {
  if (detail === null || typeof detail !== 'object') return '';
  // Keys in one order on both databases (PostgreSQL's jsonb reorders them): who did it first, then by name.
  return Object.entries(detail as Record<string, unknown>)
    .sort(([x], [y]) => (x === 'by' ? -1 : y === 'by' ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}: ${k === 'by' && typeof v === 'string' ? (emails.get(v) ?? v) : Array.isArray(v) ? v.join(' ') : String(v)}`)
    .join(', ');
}

async function entriesOf(prisma: PrismaClient, rows: { id: string; userId: string; action: string; detail: unknown; createdAt: Date }[]): Promise<LogEntry[]> {
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.userId);
    const by = (r.detail as { by?: unknown } | null)?.by;
    if (typeof by === 'string') ids.add(by);
  }
  const users = new Map((await prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]));
  const emails = new Map([...users.values()].map((u) => [u.id, u.email]));
  return rows.map((r) => ({ id: r.id, at: r.createdAt, user: users.get(r.userId) ?? { id: r.userId, name: '(deleted)', email: '' }, action: r.action, detail: detailText(r.detail, emails) }));
}

/** One page of the assessment's log (newest first), or null when the course has no such assessment. */
export async function auditLog(prisma: PrismaClient, courseId: string, slug: string, opts: { student?: string; page?: number; now?: Date } = {}): Promise<AuditLog | null> {
  const a = await prisma.assessment.findUnique({ where: { courseId_slug: { courseId, slug } } });
  if (!a) return null;
  await noteTimeouts(prisma, a, opts.now ?? new Date());
  const where = { assessmentId: a.id, ...(opts.student ? { userId: opts.student } : {}) };
  const total = await prisma.assessmentEvent.count({ where });
  const pages = Math.max(1, Math.ceil(total / LOG_PAGE));
  const asked = opts.page !== undefined && !Number.isNaN(opts.page) ? Math.floor(opts.page) : 1; // ?page=abc is the first page
  const page = Math.min(Math.max(1, asked), pages);
  const rows = await prisma.assessmentEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * LOG_PAGE, take: LOG_PAGE });
  const userIds = (await prisma.assessmentEvent.findMany({ where: { assessmentId: a.id }, distinct: ['userId'], select: { userId: true } })).map((e) => e.userId);
  // Sorted here, not by the database (SQLite and PostgreSQL collate differently).
  const people = (await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })).sort(
    (x, y) => x.name.localeCompare(y.name, 'en', { sensitivity: 'base' }) || x.email.localeCompare(y.email),
  );
  return { assessment: { id: a.id, slug: a.slug, title: a.title }, people, entries: await entriesOf(prisma, rows), total, page, pages };
}

/** The whole log as CSV lines, oldest first, in batches (server_time is ISO 8601 UTC). */
export async function* auditLogCsv(prisma: PrismaClient, assessmentId: string, student?: string, now: Date = new Date()): AsyncGenerator<string> {
  const a = await prisma.assessment.findUnique({ where: { id: assessmentId } });
  if (a) await noteTimeouts(prisma, a, now); // as the page does: the download has the time-outs too
  yield csvLine(['server_time', 'student_name', 'student_email', 'action', 'detail']);
  const where = { assessmentId, ...(student ? { userId: student } : {}) };
  for (let skip = 0; ; skip += 500) {
    const rows = await prisma.assessmentEvent.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip, take: 500 });
    if (rows.length === 0) return;
    yield (await entriesOf(prisma, rows)).map((e) => csvLine([e.at.toISOString(), e.user.name, e.user.email, e.action, e.detail])).join('');
  }
}
