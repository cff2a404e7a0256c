import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'curvature.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command with node, feeding `input` on stdin. */
function run(args: string[], input = '', cwd = root, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const hessian = { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] };

describe('curvature solve --jsonl', () => {
  it('solves the Hessian smoke test', async () => {
    const r = await run(['solve', '--jsonl'], JSON.stringify(hessian) + '\n');
    expect(r.code).toBe(0);
    const [out] = lines(r.stdout);
    expect(out.answer).toEqual([[6, 2], [2, 12]]);
    expect(typeof out.latex).toBe('string');
    expect(Array.isArray(out.steps)).toBe(true);
    expect(out.steps[0]).toHaveProperty('title');
    expect(out.steps[0]).toHaveProperty('latex');
  });
  it('gives the same output without the start-up cache (straight through tsx)', async () => {
    const input = JSON.stringify(hessian) + '\n' + JSON.stringify({ kind: 'eigenvalues', matrix: [[6, 1], [1, 4]] }) + '\n';
    const viaTsx = await run(['solve', '--jsonl'], input, root, { CURVATURE_NO_BUNDLE: '1' });
    const cached = await run(['solve', '--jsonl'], input);
    expect(viaTsx.code).toBe(0);
    expect(lines(viaTsx.stdout)[0].answer).toEqual([[6, 2], [2, 12]]);
    expect(viaTsx.stdout).toBe(cached.stdout);
  });
  it('answers bad lines with an error in place and goes on', async () => {
    const input = [
      JSON.stringify(hessian),
      '{not json',
      JSON.stringify({ kind: 'foo' }),
      '',
      JSON.stringify({ kind: 'eigenvalues', matrix: [[1, 2], [3, 4]] }),
      JSON.stringify({ kind: 'second-derivative-test', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] }),
      JSON.stringify({ kind: 'gradient', f: 'x^2 + z', vars: ['x', 'y'], at: [1, 2] }),
    ].join('\n'); // no final newline: the last line still counts
    const r = await run(['solve', '--jsonl'], input);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(6); // the blank line is skipped
    expect(out[0].answer).toEqual([[6, 2], [2, 12]]);
    expect(out[1].error).toMatch(/^line 2: not valid JSON/);
    expect(out[2].error).toMatch(/unknown kind "foo"/);
    expect(out[3].error).toMatch(/matrix must be symmetric/);
    expect(out[4].answer).toBe(68);
    expect(out[5].error).toMatch(/^line 7: f:/);
  });
});

describe('curvature grade --jsonl', () => {
  it('grades a trace given as its list of rows, with errors carried forward', async () => {
    // BFGS on f = x² + 2y² from (1, 1), α = 1/4: a slip in row 1 (p0 = (−2, −2) instead of (−2, −4)),
    // row 2 right from it: x1 = (1/2, 1/2), ∇f(x1) = (1, 2), p1 = −H1 ∇f(x1) = (−1/2, −1/2) (worked by hand).
    const spec = { kind: 'trace', method: 'bfgs', A: [[2, 0], [0, 4]], x0: [1, 1], alpha: 0.25, rows: 2, columns: ['x', 'g', 'p'] };
    const input = [
      { spec, rows: [{ g: '[2, 4]', p: [-2, -2] }, { x: '[1/2, 1/2]', g: '[1, 2]', p: '[-1/2, -1/2]' }] },
      { spec, rows: [{ g: '[2, 4]', q: '1' }] },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const r = await run(['grade', '--jsonl'], input + '\n');
    const out = lines(r.stdout);
    expect(out[0].parts.map((p: { id: string; correct: boolean }) => [p.id, p.correct])).toEqual([
      ['r1-g', true],
      ['r1-p', false],
      ['r2-x', true],
      ['r2-g', true],
      ['r2-p', true],
    ]);
    expect(out[0].parts[4].feedback).toEqual(['Correct given your row 1.']);
    expect(out[0].score).toBeCloseTo(4.5 / 5, 12);
    expect(out[1].error).toMatch(/^line 2: rows\[0\]: there is no column "q"/);
  });

  it('grades in order, with diagnoses and errors in place', async () => {
    const input = [
      { spec: hessian, answer: '[[6, 2], [2, 12]]' },
      { spec: hessian, answer: '[[3, 2], [2, 6]]' },
      'garbage',
      { spec: hessian, answer: '[[6, 2], [2' },
      { spec: { kind: 'bogus' }, answer: '1' },
      { spec: hessian, answer: '[6, 2; 2, 11]' },
      { spec: hessian },
      { spec: { kind: 'definiteness', matrix: [[1, 2], [2, 1]] }, answer: 'PD' },
    ]
      .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
      .join('\n');
    const r = await run(['grade', '--jsonl'], input + '\n');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(8);
    expect(out[0]).toEqual({ correct: true, score: 1, feedback: ['Correct.'] });
    expect(out[1]).toMatchObject({ correct: false, score: 0.5, diagnosisId: 'diagonal-halved' });
    expect(typeof out[1].diagnosis).toBe('string');
    expect(out[2].error).toMatch(/^line 3: not valid JSON/);
    expect(out[3].error).toMatch(/^line 4: answer: .*\(at characters? \d+/);
    expect(out[4].error).toMatch(/unknown kind "bogus"/);
    expect(out[5]).toMatchObject({ correct: false, score: 0.75, feedback: ['Entry (2, 2) is not right.'] });
    expect(out[6].error).toMatch(/expected \{"spec"/);
    expect(out[7]).toMatchObject({ correct: false, diagnosisId: 'diagonal-only' });
  });
  it('grades the author kinds: a formula, a choice and a multi-part answer with follow-through', async () => {
    // Newton on ½(5x² + 2xy + 3y²) − 4x + 2y from (7, −3): ∇f = (28, 0), H = [[5, 1], [1, 3]], x1 = (1, −1);
    // from the gradient (32, −2) the step is (7, −3) − H⁻¹(32, −2) = (7, −3) − (7, −3) = (0, 0).
    const newton = {
      kind: 'multi-part',
      prompt: 'q',
      parts: [
        { id: 'grad', kind: 'vector', answer: [28, 0], mistakes: [{ answer: [32, -2], message: 'b left out' }] },
        { id: 'hess', kind: 'matrix', answer: [[5, 1], [1, 3]] },
        { id: 'step', kind: 'vector', from: ['grad', 'hess'], answer: '[7, -3] - inv(hess) * grad' },
      ],
    };
    const input = [
      { spec: { kind: 'expression', prompt: 'd/dx x^3', vars: ['x'], answer: '3*x^2' }, answer: 'x*3x' },
      { spec: { kind: 'choice', prompt: 'Pick', options: ['yes', 'no'], answer: 2, mistakes: [{ answer: 1, message: 'no' }] }, answer: 'A' },
      { spec: newton, answer: JSON.stringify({ grad: '[32, -2]', hess: '[5, 1; 1, 3]', step: '[0, 0]' }) },
      { spec: { ...newton, parts: [newton.parts[2], ...newton.parts.slice(0, 2)] }, answer: '{}' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const out = lines((await run(['grade', '--jsonl'], input)).stdout);
    expect(out[0]).toEqual({ correct: true, score: 1, feedback: ['Correct.'] });
    expect(out[1]).toMatchObject({ correct: false, score: 0, diagnosisId: 'mistake-1', diagnosis: 'no' });
    expect(out[2]).toMatchObject({ correct: false });
    expect(out[2].score).toBeCloseTo(2 / 3, 12);
    expect(out[3].error).toMatch(/parts\.0\.from: part "grad" comes later/);
  });
  it('keeps order over many lines', async () => {
    const input = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 2 ? '{' : JSON.stringify({ spec: { kind: 'eigenvalues', matrix: [[i, 0], [0, i + 1]] }, answer: i % 3 === 1 ? `[${i}, ${i + 1}]` : `[${i}, -1]` }),
    ).join('\n');
    const r = await run(['grade', '--jsonl'], input);
    const out = lines(r.stdout);
    expect(out).toHaveLength(3000);
    out.forEach((o, i) => {
      if (i % 3 === 2) expect(o.error).toMatch(new RegExp(`^line ${i + 1}:`));
      else expect(o.correct).toBe(i % 3 === 1);
    });
  });
});

describe('curvature check-content', () => {
  it('lists problems as file: message with a summary and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'curvature-content-'));
    try {
      const empty = await run(['check-content', dir]);
      expect(empty.code).toBe(1);
      expect(empty.stdout).toMatch(/: .+\n/);
      expect(empty.stdout).toMatch(/check-content: \d+ problems? in \d+ files?\n$/);
      const missing = await run(['check-content', path.join(dir, 'nope')]);
      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain('nope');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('rejects extra arguments with exit 2', async () => {
    expect((await run(['check-content', 'a', 'b'])).code).toBe(2);
    expect((await run(['check-content', '--fast'])).code).toBe(2);
  });
});

describe('usage', () => {
  it('prints help with exit 0 and rejects unknown commands with exit 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('curvature grade --jsonl');
    const sub = await run(['grade', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('Blank');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const none = await run([]);
    expect(none.code).toBe(2);
    const badFlag = await run(['solve', '--csv']);
    expect(badFlag.code).toBe(2);
  });
  it('works from any working directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'curvature-cli-'));
    try {
      const r = await run(['solve', '--jsonl'], JSON.stringify(hessian), dir);
      expect(lines(r.stdout)[0].answer).toEqual([[6, 2], [2, 12]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
