/**
 * The instructor's LMS page (app/teach/[course]/lms): the LMS courses linked to this course
 * and every score sent or waiting to be sent to their gradebooks — sent, pending (with the
 * LMS's last answer and the next try) or failed (with the LMS's message) — newest first.
 */
import type { PrismaClient } from '@/server/db/client';

export interface LmsContextRow {
  platform: string;
  title: string;
  contextId: string;
  lineItems: number;
  members: number;
  grades: boolean;
  roster: boolean;
}

export interface LmsScoreRow {
  id: string;
  student: { name: string; email: string };
  context: string;
  lineItem: string;
  status: 'sent' | 'pending' | 'failed';
  /** 0..1 */
  score: number;
  sentScore: number | null;
  tries: number;
  lastError: string | null;
  /** ISO times */
  nextAttemptAt: string;
  sentAt: string | null;
}

export interface LmsOverview {
  contexts: LmsContextRow[];
  counts: Record<'sent' | 'pending' | 'failed', number>;
  scores: LmsScoreRow[];
}

/** The overview of `courseId` (access already checked); at most `limit` score rows, failed first. */
export async function lmsOverview(prisma: PrismaClient, courseId: string, limit = 300): Promise<LmsOverview> {
  const contexts = await prisma.ltiContext.findMany({
    where: { courseId },
    orderBy: { createdAt: 'asc' },
    include: { platform: { select: { name: true } }, _count: { select: { lineItems: true, members: true } } },
  });
  const where = { lineItem: { context: { courseId } } };
  const [grouped, rows] = await Promise.all([
    prisma.ltiScore.groupBy({ by: ['status'], where, _count: { _all: true } }),
    prisma.ltiScore.findMany({
      where,
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      take: limit,
      include: { lineItem: { select: { label: true, context: { select: { title: true, contextId: true } } } } },
    }),
  ]);
  const users = await prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] } }, select: { id: true, name: true, email: true } });
  const byId = new Map(users.map((u) => [u.id, u]));
  const counts = { sent: 0, pending: 0, failed: 0 };
  for (const g of grouped) if (g.status in counts) counts[g.status as keyof typeof counts] = g._count._all;
  const order = { failed: 0, pending: 1, sent: 2 } as const;
  return {
    contexts: contexts.map((c) => ({
      platform: c.platform.name,
      title: c.title ?? c.contextId,
      contextId: c.contextId,
      lineItems: c._count.lineItems,
      members: c._count.members,
      grades: !!c.lineItemsUrl,
      roster: !!c.membershipsUrl,
    })),
    counts,
    scores: rows
      .map((r) => ({
        id: r.id,
        student: byId.get(r.userId) ?? { name: '', email: '' },
        context: r.lineItem.context.title ?? r.lineItem.context.contextId,
        lineItem: r.lineItem.label,
        status: r.status as LmsScoreRow['status'],
        score: r.score,
        sentScore: r.sentScore,
        tries: r.tries,
        lastError: r.lastError,
        nextAttemptAt: r.nextAttemptAt.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
      }))
      .sort((a, b) => order[a.status] - order[b.status]),
  };
}
