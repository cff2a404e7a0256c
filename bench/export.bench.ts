/**
 * Speed of the instructor downloads on SQLite: builds a course of 1,000 students and 100
 * exercises (10 lessons of 10) with one attempt per student and exercise — 100,000
 * attempts, 5,000 of them regraded — in a temporary directory, then times
 * gradebook.csv and attempts.csv through server/teach/gradebook.ts (no HTTP), reading each
 * stream to the end as a download would, and also the gradebook page's data (its first page
 * of 100 students, sorted by name — only that page's cells are read — and by total — every
 * student's cells are). Prints rows, bytes, seconds (wall and CPU) and the peak resident
 * memory; the goal is "a few seconds" per file.
 *
 * Run: npx tsx bench/export.bench.ts [students] [exercises-per-lesson]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { resolveDatabase } from '@/server/db/config';
import { createPrisma } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { csvStream } from '@/server/teach/csv';
import { attemptsCsv, gradebook, gradebookCsv } from '@/server/teach/gradebook';

const STUDENTS = Number(process.argv[2] ?? 1000);
const PER_LESSON = Number(process.argv[3] ?? 10);
const LESSONS = 10;
const GOAL_SECONDS = 5;

/** The adapter stores a DateTime as ISO text with "+00:00" for "Z". */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function course(): CourseData {
  return {
    slug: 'bench',
    title: 'Bench course',
    lessons: Array.from({ length: LESSONS }, (_, l) => ({
      slug: `lesson-${l}`,
      title: `Lesson ${l}`,
      position: l,
      exercises: Array.from({ length: PER_LESSON }, (_, e) => ({
        key: `ex-${l}-${e}`,
        kind: 'hessian',
        kindVersion: 1,
        spec: { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] },
        specHash: `hash-${l}-${e}`,
        position: e,
        settings: { attempts: 0, reveal: 'never', hints: [] },
      })),
    })),
  };
}

/** Starts a stopwatch: wall seconds and CPU seconds of this process (user + system) since. */
function stopwatch(): () => { seconds: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(c);
    return { seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
}

/** Peak resident set size so far, MB (Linux reports ru_maxrss in KB). */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Reads a CSV stream to the end; returns bytes and lines (header included). Lines end with
 * CRLF; the answers written here hold only bare LFs, so counting CRLFs counts records.
 */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  let cr = false;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) {
      if (b === 10 && cr) lines++;
      cr = b === 13;
    }
  }
  return { bytes, lines };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-export-bench-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}` });
  if (db.provider !== 'sqlite') throw new Error('expected a SQLite database');
  try {
    const t0 = performance.now();
    await applyMigrations(db);
    const prisma = createPrisma(db);
    await syncCourse(prisma, course());
    const courseId = (await prisma.course.findUniqueOrThrow({ where: { slug: 'bench' } })).id;
    const exercises = await prisma.exercise.findMany({ where: { courseId }, select: { id: true } });

    // Bulk rows straight through better-sqlite3: one transaction, prepared statements.
    const raw = new Database(db.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const addUser = raw.prepare('INSERT INTO "user" (id, name, email, emailVerified, createdAt, updatedAt, role) VALUES (?, ?, ?, 0, ?, ?, \'student\')');
    const addEnrolment = raw.prepare('INSERT INTO "Enrollment" (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, \'student\', ?)');
    const addAttempt = raw.prepare(
      'INSERT INTO "Attempt" (id, userId, exerciseId, seed, specHash, graderVersion, answerText, score, correct, feedback, diagnosisId, idempotencyKey, createdAt) VALUES (?, ?, ?, ?, \'h\', 1, ?, ?, ?, ?, ?, ?, ?)',
    );
    const addGrade = raw.prepare(
      'INSERT INTO "Grade" (id, attemptId, graderVersion, specHash, score, correct, feedback, diagnosisId, reason, createdAt) VALUES (?, ?, 2, \'h\', 1, 1, \'[]\', NULL, \'bench\', ?)',
    );
    const start = Date.UTC(2027, 0, 1);
    let attempts = 0;
    let grades = 0;
    raw.transaction(() => {
      const now = sqliteTime(start);
      for (let s = 0; s < STUDENTS; s++) {
        const userId = `u${String(s).padStart(5, '0')}`;
        addUser.run(userId, `Student ${s}`, `student${s}@example.com`, now, now);
        addEnrolment.run(randomUUID(), userId, courseId, now);
        exercises.forEach((ex, e) => {
          const id = randomUUID();
          const right = (s + e) % 3 === 0;
          // Every fifth answer has a comma, a quote and a newline, so quoting is exercised too.
          const answer = (s + e) % 5 === 0 ? '[6, 2; 2, "12"]\n' : right ? '[6, 2; 2, 12]' : '[3, 2; 2, 6]';
          addAttempt.run(
            id, userId, ex.id, s * 100 + e, answer, right ? 1 : 0.5, right ? 1 : 0,
            right ? '[]' : '["Entry (1, 1) is not right."]', right ? null : 'halved-diagonal', randomUUID(),
            sqliteTime(start + (s * 100 + e) * 1000),
          );
          attempts++;
          if ((s + 2 * e) % 20 === 1) {
            addGrade.run(randomUUID(), id, sqliteTime(start + 10 ** 10 + attempts));
            grades++;
          }
        });
      }
    })();
    raw.close();
    const built = (performance.now() - t0) / 1000;
    console.log(`database: ${STUDENTS} students × ${exercises.length} exercises = ${attempts} attempts, ${grades} regraded; built in ${built.toFixed(1)} s (${dir})`);

    // CPU time is printed beside wall time: better-sqlite3 runs in this thread, so on a busy
    // shared machine the CPU seconds show the work itself, the wall seconds the wait as well.
    const results: { what: string; rows: number; bytes: number; seconds: number; cpu: number; rss: number }[] = [];
    // Warm the client (connection, query plans) so the first timing is not the connection's.
    await prisma.enrollment.count();
    console.log(`peak RSS before the exports: ${peakRssMb().toFixed(0)} MB`);

    for (const [what, make] of [
      ['gradebook.csv', () => gradebookCsv(prisma, courseId)],
      ['attempts.csv', () => attemptsCsv(prisma, courseId)],
    ] as const) {
      const stop = stopwatch();
      const { bytes, lines } = await drain(csvStream(make()));
      results.push({ what, rows: lines - 1, bytes, ...stop(), rss: peakRssMb() });
    }
    for (const sort of ['name', 'total'] as const) {
      const stop = stopwatch();
      const book = await gradebook(prisma, courseId, { sort, dir: sort === 'name' ? 'asc' : 'desc' });
      if (book.status !== 'ok') throw new Error('no gradebook');
      results.push({ what: `gradebook page by ${sort}`, rows: book.rows.length, bytes: 0, ...stop(), rss: peakRssMb() });
    }
    await prisma.$disconnect();

    const table = [
      ['what', 'rows', 'bytes', 'seconds', 'CPU s', 'peak RSS (MB)'],
      ...results.map((r) => [r.what, r.rows.toLocaleString('en'), r.bytes ? r.bytes.toLocaleString('en') : '—', r.seconds.toFixed(2), r.cpu.toFixed(2), r.rss.toFixed(0)]),
    ];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    const slow = results.filter((r) => r.seconds > GOAL_SECONDS);
    if (slow.length) {
      console.log(`goal missed: ${slow.map((r) => r.what).join(', ')} took over ${GOAL_SECONDS} s`);
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
