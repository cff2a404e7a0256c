/**
 * The submit path in process, without HTTP: `submitAttempt` (read the exercise and the
 * student's attempts, grade, store one Attempt) on a temporary SQLite database, for a wrong
 * but readable symbolic Hessian answer and a right numeric one. Prints median and p99 per
 * submission. This isolates what the data layer and the grader cost per request from the
 * framework's share, which bench:submit measures under load.
 *
 *   npx tsx bench/submit-inprocess.bench.ts [--iterations 2000]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPrisma } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';
import { applyMigrations } from '@/server/db/migrate';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { submitAttempt } from '@/server/attempts';
import { machineLine } from './lib/machine';

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '2000' } } });
const iterations = Number(args.iterations);

const course: CourseData = {
  slug: 'bench',
  title: 'Bench',
  lessons: [
    {
      slug: 'l',
      title: 'L',
      position: 0,
      exercises: [
        {
          key: 'h-sym',
          kind: 'hessian',
          kindVersion: 1,
          spec: { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'] },
          specHash: 'a',
          position: 0,
          settings: { attempts: 0, reveal: 'never', hints: [] },
        },
        {
          key: 'h-num',
          kind: 'hessian',
          kindVersion: 1,
          spec: { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] },
          specHash: 'b',
          position: 1,
          settings: { attempts: 0, reveal: 'never', hints: [] },
        },
      ],
    },
  ],
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-submit-bench-'));
const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}` });
await applyMigrations(db);
const prisma = createPrisma(db);
await syncCourse(prisma, course);
const { id: courseId } = await prisma.course.findUniqueOrThrow({ where: { slug: 'bench' } });
const students: string[] = [];
for (let i = 0; i < 100; i++) {
  const id = `s${i}`;
  await prisma.user.create({ data: { id, name: id, email: `${id}@example.com` } });
  await prisma.enrollment.create({ data: { userId: id, courseId, role: 'student' } });
  students.push(id);
}

/** Wall times of each submission (sorted), and the process's CPU time per submission in ms (less disturbed by other load on the machine). */
async function run(exercise: string, answer: string, n = iterations): Promise<{ times: number[]; cpu: number }> {
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const out = await submitAttempt(prisma, { userId: students[i % students.length], course: 'bench', exercise, answer, idempotencyKey: randomUUID() });
    times.push(performance.now() - t);
    if (out.status !== 'graded') throw new Error(`expected graded, got ${out.status}: ${JSON.stringify(out).slice(0, 400)}`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { times: times.sort((a, b) => a - b), cpu: (cpu.user + cpu.system) / 1000 / n };
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
console.log(machineLine());
console.log(`submitAttempt in process, SQLite, ${iterations} submissions each (after ${iterations / 10} warm-up):`);
for (const [label, ex, answer] of [
  ['symbolic 2×2 Hessian, wrong', 'h-sym', '[[6x, 2], [2, 6x]]'],
  ['numeric 2×2 Hessian, one entry wrong', 'h-num', '[6, 2; 2, 11]'],
] as const) {
  await run(ex, answer, iterations / 10);
  const { times: t, cpu } = await run(ex, answer);
  console.log(`  ${label.padEnd(38)} median ${q(t, 0.5).toFixed(3)} ms   p99 ${q(t, 0.99).toFixed(3)} ms   CPU ${cpu.toFixed(3)} ms per submission`);
}
await prisma.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
