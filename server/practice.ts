/**
 * Practice mode: once a student has finished an exercise whose numbers are drawn at random
 * (answered it correctly, or used up their attempts, or had the answer revealed), they may
 * ask for new variants and answer them as often as they like. Nothing is stored and nothing
 * counts: the graded attempt stays the one they made on their own variant.
 *
 * The server picks the practice seed and hands the browser a token naming it, signed with a
 * key derived from AUTH_SECRET for this student, exercise and spec; the browser cannot choose
 * a seed (and so cannot ask for a classmate's variant and its answer), and a token made
 * before the exercise was edited no longer grades.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomSeed, rulesFor, settingsOf, standing, variantSeed } from '@/lib/content';
import { canonicalJson, generateVariant, gradeAnswer, paramsOf, solveSpec } from '@/lib/exercises';
import { attemptTallies, submitTarget, type SubmitTarget } from '@/server/attempts';
import { logEvent, openExam } from '@/server/assessments';
import { authSecret } from '@/server/auth';
import type { PrismaClient } from '@/server/db/client';
import { cardOf, solutionOf } from '@/server/exercise-state';
import { gradeView, storedResult } from '@/server/results';
import type { PracticeOutcome } from '@/server/wire';

/** How many random seeds are tried for a variant whose numbers differ from the student's own. */
const DRAWS = 20;

let practiceKey: Buffer | null = null;

/** The key practice tokens are signed with: AUTH_SECRET's, but used for nothing else. */
function key(): Buffer {
  practiceKey ??= createHmac('sha256', authSecret()).update('curvature practice tokens').digest();
  return practiceKey;
}

function mac(userId: string, target: SubmitTarget, seed: number): string {
  return createHmac('sha256', key()).update(`${userId}\n${target.id}\n${target.specHash}\n${seed}`).digest('base64url');
}

/** The seed a token names, when this server made it for this student and this version of the exercise. */
function seedOf(token: string, userId: string, target: SubmitTarget): number | null {
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const seed = Number(match[1]);
  const expected = Buffer.from(mac(userId, target, seed));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? seed : null;
}

/** A generated variant, or null when the template has none at this seed. */
function variantAt(template: unknown, seed: number): Record<string, unknown> | null {
  try {
    return generateVariant(template, seed);
  } catch {
    return null;
  }
}

type Finished = { ok: true; target: SubmitTarget } | { ok: false; outcome: PracticeOutcome };

/** The exercise, when the student is enrolled and has finished their own variant of it. */
async function finishedTarget(prisma: PrismaClient, userId: string, course: string, exercise: string, now: Date): Promise<Finished> {
  const target = await submitTarget(prisma, userId, course, exercise);
  if (!target) return { ok: false, outcome: { status: 'not-found' } };
  if (!target.role) return { ok: false, outcome: { status: 'not-enrolled' } };
  if (paramsOf(target.spec) === null) return { ok: false, outcome: { status: 'not-found' } };
  const exam = target.role === 'instructor' ? null : await openExam(prisma, userId, now);
  if (exam) {
    await logEvent(prisma, exam.id, userId, 'refused', now, { reason: 'closed-for-exam', practice: target.key, course });
    return { ok: false, outcome: { status: 'closed-for-exam' } };
  }
  const rules = rulesFor(settingsOf(target.settings), target, target.extensionDueAt ? { dueAt: target.extensionDueAt } : null);
  const s = standing(rules.settings, (await attemptTallies(prisma, userId, target.id)).filter((a) => a.sittingId === null), rules.dueAt, now);
  if (s.status === 'open') return { ok: false, outcome: { status: 'not-finished' } };
  return { ok: true, target };
}

/** A new practice variant of `exercise` for `userId`: its question, answer form and token. */
export async function practiceVariant(prisma: PrismaClient, userId: string, course: string, exercise: string, now = new Date()): Promise<PracticeOutcome> {
  const found = await finishedTarget(prisma, userId, course, exercise, now);
  if (!found.ok) return found.outcome;
  const { target } = found;
  const own = variantAt(target.spec, variantSeed(userId, target.key));
  const ownJson = own ? canonicalJson(own) : null;
  let fallback: { seed: number; spec: Record<string, unknown> } | null = null;
  for (let i = 0; i < DRAWS; i++) {
    const seed = randomSeed();
    const spec = variantAt(target.spec, seed);
    if (!spec) continue;
    fallback ??= { seed, spec };
    if (canonicalJson(spec) !== ownJson) {
      fallback = { seed, spec };
      break;
    }
  }
  // An exercise with very few variants may only have the student's own left: practise on it.
  if (!fallback) return { status: 'not-found' };
  const solved = solveSpec(fallback.spec);
  return {
    status: 'variant',
    token: `${fallback.seed}.${mac(userId, target, fallback.seed)}`,
    ...cardOf(solved),
  };
}

/** Grades `answer` against the practice variant `token` names; returns the grade and the worked answer. */
export async function practiceAnswer(
  prisma: PrismaClient,
  userId: string,
  course: string,
  exercise: string,
  token: string,
  answer: string,
  now = new Date(),
): Promise<PracticeOutcome> {
  const found = await finishedTarget(prisma, userId, course, exercise, now);
  if (!found.ok) return found.outcome;
  const seed = seedOf(token, userId, found.target);
  const spec = seed === null ? null : variantAt(found.target.spec, seed);
  if (!spec) return { status: 'stale' };
  const solved = solveSpec(spec);
  const graded = gradeAnswer(solved, answer);
  if (!graded.ok) return { status: 'unreadable', error: graded.error };
  return { status: 'graded', grade: gradeView(found.target.kind, storedResult(graded.grade), found.target.spec), solution: solutionOf(solved) };
}
