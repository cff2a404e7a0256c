/**
 * Grading speed, in process and warm: for each kind, the time of one check (read the
 * student's text + grade it) against a variant solved once, over a mix of right, wrong
 * and partly right answers. Prints median and p99 in µs per kind and whether the goals
 * hold: ≤ 50 µs median for the symbolic 2×2 Hessian, ≤ 500 µs for a 5-row BFGS trace in
 * n = 10 (issue 21), ≤ 100 µs for every other kind.
 *
 * Run: npx tsx bench/grading.bench.ts   (exit code 1 when a goal is missed)
 */
import { gradeParsed, readAnswer, solveSpec, KINDS } from '@/lib/exercises';
import { CASES, GOAL, HESSIAN_GOAL, TRACE_GOAL, type Case } from './cases';

const WARMUP = 3_000;
const SAMPLES = 30_000;

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Times SAMPLES checks (read + grade) of the case's answers in turn; returns µs per check. */
function measure(c: Case): { median: number; p99: number; mean: number } {
  const solved = solveSpec(c.spec);
  for (const a of c.answers) {
    const r = readAnswer(solved, a);
    if (!r.ok) throw new Error(`${c.name}: the benchmark answer "${a}" is not readable: ${r.message}`);
  }
  let sink = 0;
  for (let i = 0; i < WARMUP; i++) {
    const r = readAnswer(solved, c.answers[i % c.answers.length]);
    if (r.ok) sink += gradeParsed(solved, r.value).score;
  }
  const times = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    const text = c.answers[i % c.answers.length];
    const t0 = performance.now();
    const r = readAnswer(solved, text);
    if (r.ok) sink += gradeParsed(solved, r.value).score;
    times[i] = (performance.now() - t0) * 1000;
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  const mean = times.reduce((s, t) => s + t, 0) / SAMPLES;
  times.sort();
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99), mean };
}

function main(): void {
  const covered = new Set(CASES.map((c) => c.spec.kind as string));
  const missing = KINDS.map((k) => k.kind).filter((k) => !covered.has(k));
  if (missing.length) console.log(`note: no benchmark case for ${missing.join(', ')}`);

  const rows: string[][] = [];
  let allMet = true;
  for (const c of CASES) {
    const m = measure(c);
    const met = m.median <= c.goalUs;
    allMet &&= met;
    rows.push([c.name, m.median.toFixed(1), m.p99.toFixed(1), m.mean.toFixed(1), `≤ ${c.goalUs}`, met ? 'yes' : 'NO']);
  }
  const header = ['kind', 'median µs', 'p99 µs', 'mean µs', 'goal', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`grading: read + grade per check, warm, ${SAMPLES} samples per kind (node ${process.version})\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(`\nsymbolic 2×2 Hessian ≤ ${HESSIAN_GOAL} µs median: ${rows[0][5] === 'yes' ? 'met' : 'NOT met'}`);
  const isTrace = (r: string[]) => r[0].startsWith('trace');
  console.log(`5-row BFGS trace in n = 10 ≤ ${TRACE_GOAL} µs median: ${rows.filter(isTrace).every((r) => r[5] === 'yes') ? 'met' : 'NOT met'}`);
  console.log(`every other kind ≤ ${GOAL} µs median: ${rows.slice(1).filter((r) => !isTrace(r)).every((r) => r[5] === 'yes') ? 'met' : 'NOT met'}`);
  if (!allMet) process.exitCode = 1;
}

main();
