/**
 * The `curvature grade --jsonl` command as a whole process: 10,000 grade lines of mixed
 * kinds (the cases of bench/cases.ts, answers in turn) written to a temporary file and
 * piped through `node bin/curvature.mjs grade --jsonl > /dev/null`. Prints the wall time
 * of a first run (which may also refresh the CLI's start-up cache) and of the best of
 * three later runs, and µs per line.
 *
 * Run: npx tsx bench/cli.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases';

const LINES = 10_000;
const root = fileURLToPath(new URL('..', import.meta.url));

function gradeLines(n: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const c = CASES[i % CASES.length];
    out.push(JSON.stringify({ spec: c.spec, answer: c.answers[Math.floor(i / CASES.length) % c.answers.length] }));
  }
  return out.join('\n') + '\n';
}

/** Runs the CLI once on `file`; returns wall milliseconds. Throws when it fails. */
function run(file: string): number {
  const input = openSync(file, 'r');
  const output = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'curvature.mjs'), 'grade', '--jsonl'], {
      cwd: root,
      stdio: [input, output, 'pipe'],
    });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`curvature exited with ${r.status}: ${r.stderr?.toString().slice(0, 500)}`);
    return ms;
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** Checks that every input line got one output line and no line was an error. */
function checkOutput(file: string): void {
  const input = openSync(file, 'r');
  try {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'curvature.mjs'), 'grade', '--jsonl'], {
      cwd: root,
      stdio: [input, 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = r.stdout.toString().trim().split('\n');
    const errors = lines.filter((l) => l.includes('"error"'));
    if (lines.length !== LINES) throw new Error(`expected ${LINES} output lines, got ${lines.length}`);
    if (errors.length) throw new Error(`${errors.length} lines were errors, e.g. ${errors[0]}`);
  } finally {
    closeSync(input);
  }
}

function main(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'curvature-cli-bench-'));
  const file = path.join(dir, 'grade.jsonl');
  try {
    writeFileSync(file, gradeLines(LINES));
    const first = run(file);
    checkOutput(file);
    const later = [run(file), run(file), run(file)];
    const best = Math.min(...later);
    console.log(`curvature grade --jsonl, ${LINES} lines of ${CASES.length} mixed cases (node ${process.version})`);
    console.log(`first run:          ${first.toFixed(0)} ms  (${((first * 1000) / LINES).toFixed(1)} µs/line)`);
    console.log(`best of 3 later:    ${best.toFixed(0)} ms  (${((best * 1000) / LINES).toFixed(1)} µs/line, start-up included)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
