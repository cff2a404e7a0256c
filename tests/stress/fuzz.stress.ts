/**
 * 10,000 hostile answers through the real submit path (HTTP → server action → reader →
 * grader → SQLite), four at a time, against the production build: huge strings up to the
 * 10,000-character limit (and a few past it), deep nesting, unicode and control characters,
 * NaN / Infinity / 1e308 and other number edge cases, HTML and script, SQL-ish and JSON-ish
 * text — and, for a good share, answers of the exercise's own shape with odd numbers in
 * them, so that grading and storing really run.
 *
 * Every answer must be answered 200 with a verdict (graded, unreadable, closed, or invalid
 * for the few over the limit), within a second; the server's memory must stay within
 * 300 MB of its start and not keep growing. The answers are spread over 16 students and
 * every exercise of the course, with the lessons set to unlimited attempts, so that wrong
 * answers never close an exercise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import type { ExerciseData } from '@/server/db/seed';
import type { Solved } from '@/lib/exercises';
import { startApp, type AppServer } from '@/tests/support/app';
import { courseExercises, enrol, newKey, openDatabase, pool, signUpStudents, submit, unlimitedAttempts, variantOf, type Student } from './helpers';

const ANSWERS = 10_000;
const CONCURRENCY = 4;
const LIMIT = 10_000; // the longest answer the submit action accepts
const MB = 1 << 20;
/**
 * The server's V8 heap limit in this test. Without one, V8 on a machine with a lot of memory
 * lets the heap grow lazily (measured here: RSS from about 200 MB to about 640 MB over the
 * 10,000 answers, then flat) although the live data is far smaller (after a full collection
 * the heap held 53 MB at the start, 100 MB once the solved-variant and compiled-function
 * caches had filled, and 119 MB at the end, growing ever more slowly as those bounded caches
 * reach their limits); with a limit a leak can
 * no longer hide in that slack: it ends in garbage-collection pauses (answers over a second)
 * or an out-of-memory crash, both of which fail this test.
 */
const HEAP_MB = 256;

let dir: string;
let app: AppServer;
let prisma: PrismaClient;
let students: Student[];
let exercises: { data: ExerciseData; form: Solved }[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-fuzz-'));
  const databaseUrl = `file:${path.join(dir, 'curvature.db')}`;
  app = await startApp({ databaseUrl, env: { CURVATURE_RATE_LIMIT: 'off', NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` } });
  prisma = openDatabase(databaseUrl);
  students = await signUpStudents(app.url, 16, 'fuzz');
  await enrol(
    prisma,
    students.map((s) => s.id),
  );
  await unlimitedAttempts(prisma);
  // The form of each exercise's answer (shape, size, labels) is the same for every variant.
  exercises = (await courseExercises()).map((data) => ({ data, form: variantOf(data, students[0].id) }));
});

afterAll(async () => {
  await app?.stop();
  await prisma?.$disconnect();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ─── the generator ─────────────────────────────────────────────────────────────

/** Answers nobody should send: parser escapes, sandbox probes, markup, SQL, odd unicode. */
const HOSTILE = [
  '', ' ', '\t\n\r', '\0', '\u0000[1, 2]', '[', ']]]]', '[,]', '[1,,2]', ';;;', '[;]', '((', '))', '()', '{}',
  'NaN', 'Infinity', '-Infinity', '[NaN, NaN; NaN, NaN]', '[Infinity, 1; 1, -Infinity]', '1e308', '1e309', '-1e309',
  '[1e308, 1e308; 1e308, 1e308]', '1e308*10', '5e-324', '1e-400', '-0', '0/0', '1/0', '0^0', '(-8)^(1/3)', 'sqrt(-1)',
  '9'.repeat(400), `0.${'0'.repeat(400)}1`, '1e99999999999999', '2^1024', '10^400', 'factorial(171)', '0x1F', '0b11', '1_000',
  '__proto__', 'constructor', 'prototype', '[__proto__, 1]', 'this', 'globalThis', 'process', 'process.exit(1)',
  'require("child_process").execSync("id")', 'import("fs")', 'eval("1")', 'Function("return 1")()', 'evaluate("1+1")',
  'import({}, {override: true})', 'createUnit("x")', 'x = 1', 'f(x) = x', 'a.b', 'x["constructor"]', '[1, 2][1]', '1:3',
  '5 kg', '1 == 1', 'x ? 1 : 2', '"text"', "'text'", '`text`', '${1+1}', '{{7*7}}', '#{7*7}', '<%= 7*7 %>', '%s%s%s%n',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)',
  '</script><script>alert(document.cookie)</script>', '<!--', ']]>', '&lt;b&gt;', '\\', '\\\\', '\\frac{1}{2}', '$x$',
  "'; DROP TABLE \"Attempt\"; --", "1' OR '1'='1", '1; DELETE FROM "User"', 'UNION SELECT password FROM "Account"',
  '{"__proto__": {"admin": true}}', '{"a": [1, 2]}', '[{"x": 1}]', 'null', 'true', 'undefined', '[null, null]',
  '$$', '$@1', '$K1', '$F0', '$Q1', '$1:a:b', '$undefined', '$-0', '$D2020-01-01',
  '\u202e[2, 1]', '\u200b[1, 2]', '\ufeff1', '\ud800', '\udfff[1]', '😀', '[😀, 1]', 'x\u0301', '٣', '½', '²', '−1', '∞', '√2', 'π',
  '\u0007\u0008\u001b[31m', '\r\n[1, 2;\r\n 3, 4]', '\u2028\u2029', '[1\u00002]',
  'positive definite', 'POSITIVE-DEFINITE', 'definitely', 'saddle point', 'minimum', 'none of these',
];

/** Characters that break naive code: controls, separators, bidi overrides, surrogates, markup, quotes. */
const NASTY_CHARS = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u202e', '\u200d', '\ufffe', '\ud83d', '<', '>', '&', '"', "'", '`', '$', '\\', '{', '}', '%'];

/** Numbers as a student might type them, with the awkward ones over-represented (and a few formulas). */
const numberToken = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
  { weight: 2, arbitrary: fc.double().map(String) }, // includes NaN, Infinity, -Infinity, 5e-324, 1.79…e+308
  {
    weight: 2,
    arbitrary: fc.constantFrom('1e308', '-1e308', '1.7976931348623157e308', '1e-308', '-0', '0.1', '.5', '5.', '1/3', '2^10', 'sqrt(2)', 'pi', 'e', '-(-3)', '+4', '1e3', '1E-3', '(2)', '3*2'),
  },
  { weight: 1, arbitrary: fc.constantFrom('2x', 'x + y', 'x^2*y', 'sin(x)', 'exp(-x)') },
);

type Generated = { kind: 'text'; text: string } | { kind: 'shaped'; tokens: string[]; pick: number; mutate?: { at: number; insert: string; cut: number } };

const text = (arb: fc.Arbitrary<string>) => arb.map((t): Generated => ({ kind: 'text', text: t }));

/**
 * Long text: a pattern repeated to between 2,001 and 10,000 characters (the reader's and the
 * action's limits), sometimes exactly 10,000, sometimes 10,001. The action counts characters
 * as code points (an emoji is one), so lengths here are in code points too.
 */
const hugeArb = fc
  .tuple(fc.constantFrom('1', '[1, 2; 3, 4] ', '((', 'x^', '😀', 'a\u0000', '<b>', '9', ' ', ',', '-'), fc.oneof(fc.integer({ min: 2001, max: LIMIT }), fc.constant(LIMIT), fc.constant(LIMIT + 1)))
  .map(([pattern, length]) => {
    const chars = Array.from(pattern);
    return Array.from({ length }, (_, i) => chars[i % chars.length]).join('');
  });

/** Deep nesting of brackets, roots, powers and signs, closed or not. */
const nestingArb = fc
  .tuple(fc.constantFrom(['(', ')'], ['[', ']'], ['sqrt(', ')'], ['exp(', ')'], ['-', ''], ['2^', ''], ['[[', ']]'], ['√', '']), fc.integer({ min: 10, max: 3000 }), fc.boolean())
  .map(([[open, close], depth, closed]) => {
    const n = Math.min(depth, Math.floor((LIMIT - 1) / (open.length + close.length)));
    return open.repeat(n) + '1' + (closed ? close.repeat(n) : '');
  });

/** A matrix-looking answer sprinkled with nasty characters. */
const controlArb = fc
  .array(fc.oneof(fc.constantFrom(...NASTY_CHARS), numberToken, fc.constantFrom(',', ';', '[', ']', ' ')), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Shaped answers: the exercise's own form, filled with awkward numbers (sometimes edited at random). */
const shapedArb = fc
  .tuple(
    fc.array(numberToken, { minLength: 9, maxLength: 9 }),
    fc.nat(),
    // one in five edited: a few characters inserted and removed somewhere
    fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ at: fc.nat(), insert: fc.string({ maxLength: 3 }), cut: fc.nat({ max: 2 }) }) }),
  )
  .map(([tokens, pick, mutate]): Generated => ({ kind: 'shaped', tokens, pick, ...(mutate ? { mutate } : {}) }));

const answerArb: fc.Arbitrary<Generated> = fc.oneof(
  { weight: 2, arbitrary: text(fc.constantFrom(...HOSTILE)) },
  { weight: 2, arbitrary: text(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }))) },
  { weight: 1, arbitrary: text(hugeArb) },
  { weight: 1, arbitrary: text(nestingArb) },
  { weight: 1, arbitrary: text(controlArb) },
  { weight: 1, arbitrary: text(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null')) },
  { weight: 1, arbitrary: text(fc.array(fc.double(), { maxLength: 12 }).map((xs) => `[${xs.join(', ')}]`)) },
  { weight: 8, arbitrary: shapedArb },
);

/** The text of a generated answer for an exercise. */
function render(g: Generated, form: Solved): string {
  if (g.kind === 'text') return g.text;
  let t: string;
  const answer = form.solution.answer;
  if (form.shape === 'label') {
    const labels = Object.entries(form.kind.labels ?? {}).flatMap(([label, synonyms]) => [label, ...synonyms]);
    t = labels[g.pick % labels.length] ?? 'definite';
  } else if (Array.isArray(answer) && Array.isArray(answer[0])) {
    const rows = answer.length;
    const cols = (answer[0] as unknown[]).length;
    t = `[${Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => g.tokens[(i * cols + j) % g.tokens.length]).join(', ')).join('; ')}]`;
  } else if (Array.isArray(answer)) {
    t = `[${answer.map((_, i) => g.tokens[i % g.tokens.length]).join(', ')}]`;
  } else {
    t = g.tokens[g.pick % g.tokens.length];
  }
  if (g.mutate) {
    const at = g.mutate.at % (t.length + 1);
    t = t.slice(0, at) + g.mutate.insert + t.slice(at + g.mutate.cut);
  }
  return t;
}

// ─── the run ───────────────────────────────────────────────────────────────────

describe('10,000 hostile answers through the HTTP submit path', () => {
  it('never gets a 5xx or a slow answer, and the server memory stays bounded', async () => {
    const generated = fc.sample(answerArb, { numRuns: ANSWERS, seed: 20261124 });
    const pick = fc.sample(fc.tuple(fc.nat(), fc.nat()), { numRuns: ANSWERS, seed: 7 });
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    const durations: number[] = [];
    let over = 0;
    const graded = new Map<string, string>(); // idempotency key → answer, of every graded answer
    let slowest = { ms: 0, text: '', at: '' };

    // Warm-up, not timed: the first requests after a start load and compile the server's
    // code (about a second); one unreadable answer per exercise, which stores nothing.
    for (const exercise of exercises) {
      const r = await submit(students[0].client, exercise.data.key, '?', newKey());
      expect(r.outcome?.status, r.body.slice(0, 200)).toBe('unreadable');
    }

    const startRss = app.rss();
    const samples: number[] = [];
    const sampler = setInterval(() => {
      if (app.process.exitCode === null && app.process.signalCode === null) samples.push(app.rss());
    }, 250);
    const started = performance.now();
    try {
      await pool(generated, CONCURRENCY, async (g, i) => {
        const student = students[pick[i][0] % students.length];
        const exercise = exercises[pick[i][1] % exercises.length];
        const answer = render(g, exercise.form);
        const tooLong = Array.from(answer).length > LIMIT;
        if (tooLong) over++;
        const key = newKey();
        const r = await submit(student.client, exercise.data.key, answer, key, 10_000);
        durations.push(r.ms);
        if (r.ms > slowest.ms) slowest = { ms: r.ms, text: answer, at: `answer ${i} on ${exercise.data.key} (${r.outcome?.status ?? r.status})` };
        const status = r.outcome?.status ?? `http-${r.status}`;
        counts[status] = (counts[status] ?? 0) + 1;
        if (status === 'graded') graded.set(key, answer);
        const expected = tooLong ? ['invalid'] : ['graded', 'unreadable', 'closed'];
        // An answer too long to read is refused before grading (400), the rest are answered 200.
        const httpExpected = tooLong ? [400, 413] : [200];
        if (!httpExpected.includes(r.status) || !expected.includes(status)) {
          failures.push(`${r.status} ${status} for ${JSON.stringify(answer.slice(0, 120))} on ${exercise.data.key}: ${r.error ?? r.body.slice(0, 120)}`);
        }
      });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    durations.sort((a, b) => a - b);
    const p = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
    const mb = (b: number) => Math.round(b / MB);
    console.log(
      `fuzz: ${ANSWERS} answers in ${seconds.toFixed(1)} s; ${JSON.stringify(counts)}; ` +
        `median ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms, max ${slowest.ms.toFixed(0)} ms; ` +
        `RSS start ${mb(startRss)} MB, max ${mb(Math.max(...samples))} MB, end ${mb(samples[samples.length - 1])} MB ` +
        `(every 5 s: ${samples.filter((_, i) => i % 20 === 0).map(mb).join(' ')})`,
    );

    if (failures.length) console.log(`fuzz: ${failures.length} failures, e.g.\n${failures.slice(0, 10).join('\n')}`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(slowest.ms, `slowest: ${slowest.at}: ${JSON.stringify(slowest.text.slice(0, 120))}`).toBeLessThan(1000);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(ANSWERS);
    // Grading really ran for a good share, and the reader turned the rest away.
    expect(counts.graded ?? 0).toBeGreaterThan(ANSWERS * 0.3);
    expect(counts.unreadable ?? 0).toBeGreaterThan(ANSWERS * 0.2);
    expect(counts.invalid ?? 0).toBe(over);
    expect(over).toBeGreaterThan(0);
    // Every graded answer is stored, exactly as typed.
    expect(await prisma.attempt.count()).toBe(counts.graded);
    const rows = await prisma.attempt.findMany({ select: { idempotencyKey: true, answerText: true } });
    const changed = rows.filter((row) => graded.get(row.idempotencyKey) !== row.answerText);
    expect(changed.map((row) => [JSON.stringify(graded.get(row.idempotencyKey)?.slice(0, 80)), JSON.stringify(row.answerText.slice(0, 80))]).slice(0, 5)).toEqual([]);

    // Memory: never more than 300 MB above the start, and no steady growth — the last fifth
    // of the run is not more than 100 MB above the second fifth.
    expect(samples.length).toBeGreaterThan(20);
    expect(Math.max(...samples) - startRss).toBeLessThan(300 * MB);
    const fifth = Math.floor(samples.length / 5);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(samples.slice(-fifth)) - median(samples.slice(fifth, 2 * fifth))).toBeLessThan(100 * MB);
    expect(app.process.exitCode).toBeNull();
  });
});
