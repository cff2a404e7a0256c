/**
 * The requests an exercise card makes: `GET /api/lesson-state` (the signed-in student's
 * state of every exercise of a lesson), `POST /api/attempts` (grade and store an answer) and
 * `POST /api/practice` (new variants of a finished exercise, graded and not stored), and
 * `POST /api/drafts` (an unsent answer in parts kept to resume on any device, not graded).
 * Both validate their input with zod, act only for the session's user, and never trust the
 * browser with a seed or a grade.
 *
 * They are route handlers rather than server actions because a submission is the request a
 * class makes all at once: measured on the production build (bench/README.md), React's
 * action pipeline cost about 2 ms of the server's one JavaScript thread per call on top of
 * the work itself, more than reading, grading and storing the answer. A route handler
 * gives the same checks without it; the CSRF check server actions make is done here
 * (`sameOrigin`), and the body must be JSON, which no cross-site form can send.
 */
import { z } from 'zod';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { lessonView, submitAttempt } from '@/server/attempts';
import { practiceAnswer, practiceVariant } from '@/server/practice';
import { saveDraft } from '@/server/answer-drafts';
import type { DraftOutcome, Invalid, PracticeOutcome, SignedOut, SubmitResponse } from '@/server/wire';
import { sameOrigin } from '@/server/security-headers';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case slug');

const LessonInput = z.object({ course: slug, lesson: slug }).strict();

const SubmitInput = z
  .object({
    course: slug,
    exercise: slug,
    // lib/answers reads at most 2000 characters and reports longer text as unreadable;
    // anything far beyond that is not a student's answer.
    answer: z.string().max(10_000),
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, 'expected a random key of 16–100 letters, digits, - or _'),
    sitting: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected a sitting id').optional(),
  })
  .strict();

const PracticeInput = z
  .object({
    course: slug,
    exercise: slug,
    token: z.string().max(100).optional(),
    answer: z.string().max(10_000).optional(),
  })
  .strict()
  .refine((p) => (p.token === undefined) === (p.answer === undefined), { message: 'send a token and an answer together, or neither', path: ['answer'] });

const DraftInput = z
  .object({
    course: slug,
    exercise: slug,
    sitting: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected a sitting id').optional(),
    text: z.string(),
  })
  .strict();

/** The largest submission body read (an answer of 10,000 characters, escaped, fits). */
const MAX_BODY_BYTES = 64 * 1024;

function invalid(error: z.ZodError): Invalid {
  const issue = error.issues[0];
  return { status: 'invalid', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
}

/** A JSON answer that no cache keeps (every answer is one user's). */
function reply(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** The HTTP status of each outcome; the body always says the same in `status`. */
const SUBMIT_STATUS: Record<SubmitResponse['status'], number> = {
  graded: 200,
  saved: 200,
  unreadable: 200,
  closed: 200,
  'not-found': 404,
  'not-enrolled': 403,
  'key-reused': 409,
  'signed-out': 401,
  invalid: 400,
};

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
async function boundedText(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET /api/lesson-state?course=…&lesson=… */
export async function lessonStateRoute(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const parsed = LessonInput.safeParse({ course: params.get('course') ?? undefined, lesson: params.get('lesson') ?? undefined });
  if (!parsed.success) return reply(invalid(parsed.error), 400);
  const user = await currentUser(request.headers);
  if (!user) return reply({ status: 'signed-out' } satisfies SignedOut, 401);
  const view = await lessonView(getPrisma(), user.id, parsed.data.course, parsed.data.lesson);
  return reply(view, view.status === 'ok' ? 200 : view.status === 'not-found' ? 404 : 403);
}

/**
 * POST /api/attempts with a JSON SubmitRequest: grades the signed-in student's answer to
 * their own variant and stores the attempt. A retried submission (same idempotency key)
 * returns the stored result; an unreadable answer says where and is not stored.
 */
export async function submitRoute(request: Request): Promise<Response> {
  const body = await postedJson(request);
  if (body instanceof Response) return body;
  const parsed = SubmitInput.safeParse(body);
  if (!parsed.success) return reply(invalid(parsed.error), 400);
  const user = await currentUser(request.headers);
  if (!user) return reply({ status: 'signed-out' } satisfies SignedOut, 401);
  const out = await submitAttempt(getPrisma(), { ...parsed.data, userId: user.id, sessionId: user.sessionId });
  return reply(out, SUBMIT_STATUS[out.status]);
}

/** The HTTP status of each draft outcome. */
const DRAFT_STATUS: Record<DraftOutcome['status'], number> = {
  saved: 200,
  'not-found': 404,
  'not-enrolled': 403,
  closed: 409,
  'too-large': 413,
  invalid: 400,
};

/**
 * POST /api/drafts with a JSON DraftRequest: keeps the signed-in student's draft of an
 * exercise (server/answer-drafts.ts); not graded, not an attempt. Who is asking is checked before
 * the body is read: a signed-out request is refused whatever it sends.
 */
export async function draftRoute(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers)) return reply({ status: 'invalid', message: 'origin: this request did not come from this site' } satisfies Invalid, 403);
  const user = await currentUser(request.headers);
  if (!user) return reply({ status: 'signed-out' } satisfies SignedOut, 401);
  const body = await postedJson(request);
  if (body instanceof Response) return body;
  const parsed = DraftInput.safeParse(body);
  if (!parsed.success) return reply(invalid(parsed.error), 400);
  const out = await saveDraft(getPrisma(), { userId: user.id, ...parsed.data });
  return reply(out, DRAFT_STATUS[out.status]);
}

/** The HTTP status of each practice outcome. */
const PRACTICE_STATUS: Record<PracticeOutcome['status'], number> = {
  variant: 200,
  graded: 200,
  unreadable: 200,
  'not-finished': 409,
  'closed-for-exam': 409,
  stale: 409,
  'not-found': 404,
  'not-enrolled': 403,
};

/**
 * POST /api/practice with a JSON PracticeRequest: a new practice variant of an exercise the
 * signed-in student has finished, or (with its token) the grade of an answer to one. Stores
 * nothing (server/practice.ts).
 */
export async function practiceRoute(request: Request): Promise<Response> {
  const body = await postedJson(request);
  if (body instanceof Response) return body;
  const parsed = PracticeInput.safeParse(body);
  if (!parsed.success) return reply(invalid(parsed.error), 400);
  const user = await currentUser(request.headers);
  if (!user) return reply({ status: 'signed-out' } satisfies SignedOut, 401);
  const { course, exercise, token, answer } = parsed.data;
  const out =
    token === undefined
      ? await practiceVariant(getPrisma(), user.id, course, exercise)
      : await practiceAnswer(getPrisma(), user.id, course, exercise, token, answer ?? '');
  return reply(out, PRACTICE_STATUS[out.status]);
}

/**
 * The JSON body of a POST from this site's own pages, or the response refusing it: another
 * origin (403), not JSON (415), too large (413) or not parseable (400).
 */
async function postedJson(request: Request): Promise<unknown> {
  if (!sameOrigin(request.headers)) return reply({ status: 'invalid', message: 'origin: this request did not come from this site' } satisfies Invalid, 403);
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    return reply({ status: 'invalid', message: 'body: expected Content-Type application/json' } satisfies Invalid, 415);
  }
  const text = await boundedText(request, MAX_BODY_BYTES);
  if (text === null) return reply({ status: 'invalid', message: `body: larger than ${MAX_BODY_BYTES} bytes` } satisfies Invalid, 413);
  try {
    return JSON.parse(text);
  } catch {
    return reply({ status: 'invalid', message: 'body: not valid JSON' } satisfies Invalid, 400);
  }
}
