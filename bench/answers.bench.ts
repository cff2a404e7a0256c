/**
 * Speed of reading and comparing a symbolic 2×2 Hessian answer, warm, in process:
 * read the student's text into four expressions, then compare each with a reference
 * function at the fixed points. Prints the median and p99 in µs per answer; the budget
 * is 50 µs median for the whole grading of such an answer.
 *
 * Run: npx tsx bench/answers.bench.ts   (exit code 1 when the median is over budget)
 */
import { expressionsEqual, readExpressionMatrix, type Reference } from '@/lib/answers';
import { evalExpr, referenceForm } from '@/lib/math';

const VARS = ['x', 'y'];
const BUDGET_US = 50;
const WARMUP = 5_000;
const SAMPLES = 50_000;

/** Reference Hessian of x³ + y³ + 2xy, prepared once as the grading engine does: value and exact form. */
const REFERENCE: Reference[][] = [
  ['6 * x', '2'],
  ['2', '6 * y'],
].map((row) => row.map((text) => ({ evaluate: (x: number[]) => evalExpr(text, VARS, x), exact: referenceForm(text, VARS) })));

/** Right, partly right and wrong answers, as students type them. */
const ANSWERS = ['[[6x, 2], [2, 6y]]', '[[6*x, 2], [2, 6*y]]', '[6x, 2; 2, 6y]', '[[6x, 2], [2, 6x]]', '[[3x, 2], [2, 3y]]', '[[6x, 0], [0, 6y]]'];

/** Reads and compares one answer; returns how many entries are right. */
function gradeOnce(text: string): number {
  const r = readExpressionMatrix(text, VARS, { rows: 2, cols: 2 });
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  let right = 0;
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) if (expressionsEqual(r.value[i][j], REFERENCE[i][j], VARS)) right++;
  return right;
}

function main(): void {
  const expected = [4, 4, 4, 3, 2, 2];
  ANSWERS.forEach((a, k) => {
    if (gradeOnce(a) !== expected[k]) throw new Error(`${a}: expected ${expected[k]} right entries`);
  });
  let sink = 0;
  for (let i = 0; i < WARMUP; i++) sink += gradeOnce(ANSWERS[i % ANSWERS.length]);
  const times = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    const text = ANSWERS[i % ANSWERS.length];
    const t0 = performance.now();
    sink += gradeOnce(text);
    times[i] = (performance.now() - t0) * 1000;
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  times.sort();
  const median = times[Math.floor(SAMPLES / 2)];
  const p99 = times[Math.floor(SAMPLES * 0.99)];
  console.log(`read + compare a symbolic 2×2 Hessian answer (node ${process.version}, ${SAMPLES} samples)`);
  console.log(`median ${median.toFixed(2)} µs, p99 ${p99.toFixed(2)} µs (budget: median ≤ ${BUDGET_US} µs): ${median <= BUDGET_US ? 'met' : 'NOT met'}`);
  if (median > BUDGET_US) process.exitCode = 1;
}

main();
