/**
 * Algorithm traces graded row by row with errors carried forward. Every expected number was
 * worked out by hand in exact fractions (checked with Python's fractions module), never taken
 * from the code under test. The function throughout is f = x² + 2y² = ½xᵀAx, A = diag(2, 4),
 * ∇f = (2x, 4y), from x0 = (1, 1) with the fixed step α = 1/4 unless said otherwise.
 *
 * BFGS (inverse, H0 = I), the reference:
 *   k = 0: g = (2, 4), p = (−2, −4), f(x1) = f(1/2, 0) = 1/4
 *   k = 1: x = (1/2, 0), g = (1, 0), s = (−1/2, −1), y = (−1, −4), yᵀs = 9/2,
 *          H1 = [[169/162, −11/81], [−11/81, 23/81]], p = (−169/162, 11/81), f(x2) = 2777/46656
 *   k = 2: x = (155/648, 11/324), g = (155/324, 11/81)
 * A student who slips in row 1 with p0 = (−2, −2) reaches x1 = (1/2, 1/2), and from there:
 *   k = 0: f(x1) = 3/4
 *   k = 1: x = (1/2, 1/2), g = (1, 2), s = (−1/2, −1/2), y = (−1, −2), H1 = [[19, −5], [−5, 7]]/18,
 *          p = (−1/2, −1/2), f(x2) = f(3/8, 3/8) = 27/64
 *   k = 2: x = (3/8, 3/8), g = (3/4, 3/2), H2 = H1 (H1 y = s already), p = (−3/8, −3/8), f(x3) = 243/1024
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerForm, getKind, gradeAnswer, mistakesInTrail, readAnswer, solveSpec, type Grade } from '@/lib/exercises';
import { runTrace, type TraceMethod } from '@/lib/math';

const A = [[2, 0], [0, 4]];
const bfgs = { kind: 'trace', method: 'bfgs', A, x0: [1, 1], alpha: 0.25, rows: 3, columns: ['x', 'g', 'H', 'p', 'f'] };

function grade(spec: object, cells: Record<string, string>): Grade {
  const out = gradeAnswer(solveSpec(spec), JSON.stringify(cells));
  if (!out.ok) throw new Error(out.error.message);
  return out.grade;
}

const part = (g: Grade, id: string) => {
  const p = g.parts!.find((q) => q.id === id);
  if (!p) throw new Error(`no part ${id}`);
  return p.grade;
};

const slipRows = {
  'r1-g': '[2, 4]',
  'r1-p': '[-2, -2]',
  'r1-f': '3/4',
  'r2-x': '[1/2, 1/2]',
  'r2-g': '[1, 2]',
  'r2-H': '[19/18, -5/18; -5/18, 7/18]',
  'r2-p': '[-1/2, -1/2]',
  'r2-f': '27/64',
  'r3-x': '[3/8, 3/8]',
  'r3-g': '[3/4, 3/2]',
  'r3-H': '[19/18, -5/18; -5/18, 7/18]',
  'r3-p': '[-3/8, -3/8]',
  'r3-f': '243/1024',
};

const referenceRows = {
  'r1-g': '[2, 4]',
  'r1-p': '[-2, -4]',
  'r1-f': '1/4',
  'r2-x': '[1/2, 0]',
  'r2-g': '[1, 0]',
  'r2-H': '[169/162, -11/81; -11/81, 23/81]',
  'r2-p': '[-169/162, 11/81]',
  'r2-f': '2777/46656',
  'r3-x': '[155/648, 11/324]',
  'r3-g': '[155/324, 11/81]',
};

describe('trace: the form', () => {
  it('has one part per cell the student fills in, x₀ and H₀ given, laid out as a table', () => {
    const form = answerForm(solveSpec(bfgs));
    expect(form.shape).toBe('parts');
    expect(form.parts!.map((p) => p.id)).toEqual(Object.keys(slipRows));
    expect(form.parts!.find((p) => p.id === 'r2-H')!.form).toMatchObject({ shape: 'matrix', size: [2, 2] });
    expect(form.parts!.find((p) => p.id === 'r1-f')!.form).toMatchObject({ shape: 'number', size: [] });
    expect(form.table!.cells[0]).toEqual([null, 'r1-g', null, 'r1-p', 'r1-f']);
    expect(form.table!.columns.map((c) => c.id)).toEqual(['x', 'g', 'H', 'p', 'f']);
    expect(form.table!.given[0][0]).toContain('1');
  });
});

describe('trace: BFGS graded with errors carried forward', () => {
  it('the reference trace earns full marks', () => {
    const g = grade(bfgs, {
      ...referenceRows,
      'r3-H': '[10775609/21529922, 20449/10764961; 20449/10764961, 2769783/10764961]',
      'r3-p': '[-1672018907/6975694728, -125040047/3487847364]',
      'r3-f': '97812890623561/2929568563528704',
    });
    expect(g.correct).toBe(true);
    expect(g.score).toBe(1);
  });

  it('a slip in row 1 costs row 1 only; rows 2–3 right from it earn full credit, "correct given your row 1"', () => {
    const g = grade(bfgs, slipRows);
    expect(part(g, 'r1-p')).toMatchObject({ correct: false, score: 0.5 });
    expect(part(g, 'r1-f').correct).toBe(true); // f(x0 + α p0) with the student's own p0
    for (const id of Object.keys(slipRows).filter((i) => !i.startsWith('r1-'))) {
      expect(part(g, id).correct, id).toBe(true);
    }
    expect(part(g, 'r2-H').feedback).toEqual(['Correct given your row 1.']);
    expect(part(g, 'r3-p').feedback).toEqual(['Correct given your row 1.']);
    expect(g.trail.filter((c) => c.name.endsWith('.given-earlier')).length).toBe(10);
    expect(g.score).toBeCloseTo(12.5 / 13, 12);
    expect(g.correct).toBe(false);
  });

  it('rows copied from the reference after a slip are not credited where they do not follow from the student’s own row', () => {
    // The student's p0 = (−2, −2) puts their x1 at (1/2, 1/2): the reference x1 = (1/2, 0) they copied is half wrong.
    const g = grade(bfgs, { ...referenceRows, 'r1-p': '[-2, -2]', 'r1-f': '1/4' });
    expect(part(g, 'r1-p').correct).toBe(false);
    expect(part(g, 'r1-f').correct).toBe(false); // from their p0, f(x1) = 3/4
    expect(part(g, 'r2-x')).toMatchObject({ correct: false, score: 0.5 });
    expect(part(g, 'r2-x').feedback).not.toContain('Correct given your row 1.');
  });

  it('with x hidden, rows copied from the reference after a slip lose the entries that depend on the slip', () => {
    const spec = { ...bfgs, columns: ['g', 'p', 'f'] };
    // Hidden x1 = x0 + α p0 = (1/2, 1/2) from the student's p0: ∇f(x1) = (1, 2), not the copied (1, 0).
    const g = grade(spec, { 'r1-g': '[2, 4]', 'r1-p': '[-2, -2]', 'r1-f': '1/4', 'r2-g': '[1, 0]', 'r2-p': '[-169/162, 11/81]', 'r2-f': '2777/46656' });
    expect(part(g, 'r2-g')).toMatchObject({ correct: false, score: 0.5 });
    expect(part(g, 'r2-f').correct).toBe(false);
    // And the same rows done from the slip are credited: ∇f(1/2, 1/2) = (1, 2), H1 from s = (−1/2, −1/2), y = (−1, −2), p1 = (−1/2, −1/2).
    const ok = grade(spec, { 'r1-g': '[2, 4]', 'r1-p': '[-2, -2]', 'r1-f': '3/4', 'r2-g': '[1, 2]', 'r2-p': '[-1/2, -1/2]', 'r2-f': '27/64' });
    expect(['r2-g', 'r2-p', 'r2-f'].map((id) => part(ok, id).correct)).toEqual([true, true, true]);
  });

  it('diagnoses entries with the known mistakes: H not updated, sign of the step, forgot ρ, old gradient, f at the current point', () => {
    const one = (id: string, text: string) => part(grade(bfgs, { ...referenceRows, [id]: text }), id).diagnosis?.id;
    expect(one('r2-H', '[1, 0; 0, 1]')).toBe('not-updated'); // H0 kept
    expect(one('r1-f', '3')).toBe('f-at-current'); // f(x0)
    expect(one('r2-g', '[2, 4]')).toBe('old-gradient'); // the previous row's gradient
    expect(one('r2-x', '[3/2, 2]')).toBe('wrong-sign'); // x0 − α p0
    expect(one('r2-x', '[-1, -3]')).toBe('forgot-step-size'); // x0 + p0
    // Swapped s and y (reused from bfgs-update): the inverse update with s = (−1, −4), y = (−1/2, −1).
    expect(one('r2-H', '[86/81, 38/81; 38/81, 305/81]')).toBe('swapped-s-y');
    // Forgot ρ: (I − s yᵀ)(I − y sᵀ) + s sᵀ with s = (−1/2, −1), y = (−1, −4):
    // I − s yᵀ = [[1/2, −2], [−1, −3]], its product with its transpose = [[17/4, 11/2], [11/2, 10]], plus s sᵀ = [[1/4, 1/2], [1/2, 1]].
    const rho = grade(bfgs, { ...referenceRows, 'r2-H': '[9/2, 6; 6, 11]' });
    expect(part(rho, 'r2-H').diagnosis?.id).toBe('forgot-rho');
    // Swapped s and y (reused from bfgs-update), and the sign of the direction.
    const signs = grade(bfgs, { ...referenceRows, 'r2-p': '[169/162, -11/81]' });
    expect(part(signs, 'r2-p').diagnosis?.id).toBe('wrong-sign');
  });

  it('a student’s state from which no step exists makes the later cells uncheckable, not an error', () => {
    // The student's p0 = (1, 0) takes x1 = (5/4, 1), and their ∇f(x1) = (0, 4) (it is (5/2, 4)):
    // s = (1/4, 0), y = (0, 4) − (2, 4) = (−2, 0), yᵀs = −1/2 ≤ 0, so there is no BFGS update H1.
    const g = grade(bfgs, { 'r1-g': '[2, 4]', 'r1-p': '[1, 0]', 'r1-f': '3', 'r2-x': '[5/4, 1]', 'r2-g': '[0, 4]', 'r2-H': '[1, 0; 0, 1]' });
    expect(part(g, 'r2-H').trail).toEqual([{ name: 'checkable', passed: false }]);
    expect(part(g, 'r2-x').correct).toBe(true);
  });
  it('a step that does not move keeps H (a zero step teaches nothing about curvature)', () => {
    // p0 = (0, 0): x1 = x0 = (1, 1), ∇f(x1) = (2, 4), s = 0, so H1 = H0 = I and p1 = −∇f(x1) = (−2, −4).
    const g = grade(bfgs, { 'r1-g': '[2, 4]', 'r1-p': '[0, 0]', 'r1-f': '3', 'r2-x': '[1, 1]', 'r2-g': '[2, 4]', 'r2-H': '[1, 0; 0, 1]', 'r2-p': '[-2, -4]' });
    expect(['r1-f', 'r2-x', 'r2-g', 'r2-H', 'r2-p'].map((id) => part(g, id).correct)).toEqual([true, true, true, true, true]);
  });
});

describe('trace: L-BFGS with m = 2 over 4 rows', () => {
  // Reference (α = 1/4): row 1 p = (−2, −4); row 2 x = (1/2, 0), p = (−97/306, −7/153) from one pair;
  // row 3 x = (515/1224, −7/612), p from two pairs; row 4 drops the oldest pair.
  const spec = { kind: 'trace', method: 'lbfgs', m: 2, A, x0: [1, 1], alpha: 0.25, rows: 4, columns: ['x', 'p'] };
  const right = {
    'r1-p': '[-2, -4]',
    'r2-x': '[1/2, 0]',
    'r2-p': '[-97/306, -7/153]',
    'r3-x': '[515/1224, -7/612]',
    'r3-p': '[-6230737165843/14795825529672, 93917213747/7397912764836]',
    'r4-x': '[18670733905337/59183302118688, -244549383337/29591651059344]',
    'r4-p': '[-0.31554055265717845, 0.007143735337438705]',
  };
  it('earns full marks for the hand-computed trace', () => {
    expect(grade(spec, right)).toMatchObject({ correct: true, score: 1 });
  });
  it('row 3 with γ from the oldest pair is diagnosed (reused from lbfgs-direction)', () => {
    // γ = s₀ᵀy₀/y₀ᵀy₀ = 9/2 / 17 = 9/34 instead of the newest pair's: p = (−607577251/1451567304, 2806979/725783652).
    const g = grade(spec, { ...right, 'r3-p': '[-607577251/1451567304, 2806979/725783652]' });
    expect(part(g, 'r3-p').diagnosis?.id).toBe('gamma-of-oldest-pair');
    expect(part(g, 'r4-x').correct).toBe(false); // x3 = x2 + α p2 with the student's p2 differs from the copied reference
  });
  it('m = 1 is a different method: row 3 of m = 2 is not right for it', () => {
    const g = grade({ ...spec, m: 1 }, right);
    expect(part(g, 'r3-p').correct).toBe(false);
    expect(part(g, 'r2-p').correct).toBe(true); // one pair either way
  });
});

describe('trace: Armijo backtracking counts', () => {
  // Gradient descent, α0 = 1, ρ = 1/2, c1 = 1/2. Row 1: trials 1 (f = 19), 1/2 (f = 2) rejected, 1/4 accepted (f = 1/4 ≤ 1/2): 2 backtracks.
  // Row 2 from (1/2, 0): 1 (f(−1/2, 0) = 1/4 > −1/4) rejected, 1/2 accepted (f = 0 ≤ 0): 1 backtrack.
  const spec = { kind: 'trace', method: 'gd', lineSearch: 'armijo', alpha0: 1, shrink: 0.5, c1: 0.5, A, x0: [1, 1], rows: 2, columns: ['x', 'alpha', 'backtracks', 'f'] };
  const right = { 'r1-alpha': '1/4', 'r1-backtracks': '2', 'r1-f': '1/4', 'r2-x': '[1/2, 0]', 'r2-alpha': '1/2', 'r2-backtracks': '1', 'r2-f': '0' };
  it('earns full marks for the hand-counted trace', () => {
    expect(grade(spec, right)).toMatchObject({ correct: true, score: 1 });
  });
  it('counting the trials instead of the rejections, and the reversed test, are diagnosed', () => {
    const g = grade(spec, { ...right, 'r1-backtracks': '3', 'r2-alpha': '1' });
    expect(part(g, 'r1-backtracks').diagnosis?.id).toBe('counted-trials');
    // Reversed (accept when f(x + αp) ≥ the bound): α = 1 is accepted at once.
    expect(part(g, 'r2-alpha').diagnosis?.id).toBe('armijo-reversed');
    // f(x2) follows the student's own α2 = 1: f(−1/2, 0) = 1/4, so the copied 0 is not right.
    expect(part(g, 'r2-f').correct).toBe(false);
  });
  it('without the backtracks column the count is not asked for, and the worked rows still show α', () => {
    const solved = solveSpec({ ...spec, columns: ['x', 'alpha'] });
    expect(answerForm(solved).parts!.map((p) => p.id)).toEqual(['r1-alpha', 'r2-x', 'r2-alpha']);
    expect(solved.solution.steps[0].latex).toContain('\\alpha_{0} = 0.25');
  });
  it('a backtracking count must be a whole number', () => {
    const out = gradeAnswer(solveSpec(spec), JSON.stringify({ ...right, 'r1-backtracks': '2.5' }));
    expect(out.ok).toBe(false);
  });
});

describe('trace: trace-level mistakes', () => {
  it('stopped too early: rows left blank at the end', () => {
    const g = grade(bfgs, { 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]', 'r1-f': '1/4' });
    expect(mistakesInTrail(g.trail)).toContain('stopped-early');
    expect(g.diagnosis?.id).toBe('stopped-early');
  });
  it('a diverging step: f grows at every step of the student’s path', () => {
    // α = 1 on f = x² + 2y² from (1, 1): x1 = (−1, −3), f = 19; x2 = (1, 9), f = 163; x3 = (−1, −27), f = 1459.
    const spec = { kind: 'trace', method: 'gd', A, x0: [1, 1], alpha: 1, rows: 3, columns: ['x', 'f'] };
    const g = grade(spec, { 'r1-f': '19', 'r2-x': '[-1, -3]', 'r2-f': '163', 'r3-x': '[1, 9]', 'r3-f': '1459' });
    expect(g.correct).toBe(true);
    expect(g.diagnosis?.id).toBe('diverging');
  });
});

describe('trace: spec errors name the input', () => {
  const bad = (spec: object, field: string) => expect(() => solveSpec(spec)).toThrow(new RegExp(`^${field}`));
  it('rejects what cannot be traced', () => {
    bad({ ...bfgs, columns: ['x', 'backtracks'] }, 'columns');
    bad({ ...bfgs, method: 'gd', alpha: undefined }, 'alpha');
    bad({ ...bfgs, m: 3 }, 'm');
    bad({ ...bfgs, x0: [1, 1, 1] }, 'x0');
    bad({ ...bfgs, f: 'x^2', vars: ['x'] }, 'A');
    bad({ ...bfgs, rows: 0 }, 'rows');
    bad({ ...bfgs, x0: [0, 0] }, 'x0'); // ∇f(0, 0) = 0: the trace would not move
  });
});

// ---------------------------------------------------------------- properties

/** The answer a student who follows the reference from x0 would give, built with lib/math directly. */
function referenceAnswer(method: TraceMethod, x0: number[], columns: string[], rows: number): Record<string, string> {
  const Q = { f: ([x, y]: number[]) => x * x + 2 * y * y + x * y, grad: ([x, y]: number[]) => [2 * x + y, 4 * y + x], hess: () => [[2, 1], [1, 4]] };
  const trace = runTrace(Q, x0, rows, { method, step: { rule: 'fixed', alpha: 0.2 }, m: 2 });
  const cells: Record<string, string> = {};
  trace.forEach((r, k) => {
    const value: Record<string, unknown> = { x: r.x, g: r.g, H: r.H, p: r.p, alpha: r.alpha, f: r.fNext };
    for (const c of columns) {
      if (k === 0 && (c === 'x' || c === 'H')) continue;
      cells[`r${k + 1}-${c}`] = JSON.stringify(value[c]);
    }
  });
  return cells;
}

const Q = [[2, 1], [1, 4]];
const methods = fc.constantFrom<TraceMethod>('gd', 'newton', 'bfgs', 'lbfgs');
const start = fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })).filter(([a, b]) => Math.hypot(a, b) > 0.1);

/** The direct inputs of each column (same row unless marked prev), for methods with a fixed step. */
function directDependents(method: TraceMethod, cell: string, rows: number, columns: string[]): Set<string> {
  const [, r, c] = /^r(\d+)-(\w+)$/.exec(cell)!;
  const k = Number(r);
  const out = new Set<string>();
  const add = (row: number, col: string) => row >= 1 && row <= rows && columns.includes(col) && out.add(`r${row}-${col}`);
  if (c === 'x') {
    ['g', 'H', 'p', 'f'].forEach((q) => add(k, q));
    add(k + 1, 'x');
    add(k + 1, 'H');
    if (method === 'lbfgs') for (let j = k + 1; j <= k + 2; j++) add(j, 'p');
  }
  if (c === 'g') {
    add(k, 'H');
    add(k, 'p');
    add(k + 1, 'H');
    if (method === 'lbfgs') for (let j = k + 1; j <= k + 2; j++) add(j, 'p');
  }
  if (c === 'H') {
    add(k, 'p');
    add(k + 1, 'H');
  }
  if (c === 'p') {
    add(k, 'f');
    add(k + 1, 'x');
  }
  return out;
}

describe('trace: properties', () => {
  it('a trace built by the reference from any start earns full marks', () => {
    fc.assert(
      fc.property(methods, start, (method, x0) => {
        const columns = method === 'bfgs' ? ['x', 'g', 'H', 'p', 'f'] : ['x', 'g', 'p', 'f'];
        const spec = { kind: 'trace', method, A: Q, x0, alpha: 0.2, m: method === 'lbfgs' ? 2 : undefined, rows: 3, columns };
        const g = grade(spec, referenceAnswer(method, x0, columns, 3));
        expect(g.score).toBe(1);
      }),
      { numRuns: 60 },
    );
  });

  it('perturbing one entry of row k costs only that entry and the entries computed from it; earlier rows keep full credit', () => {
    fc.assert(
      fc.property(methods, start, fc.nat(), fc.nat(), fc.double({ min: 0.3, max: 2, noNaN: true }), (method, x0, pick, which, delta) => {
        const columns = method === 'bfgs' ? ['x', 'g', 'H', 'p', 'f'] : ['x', 'g', 'p', 'f'];
        const spec = { kind: 'trace', method, A: Q, x0, alpha: 0.2, m: method === 'lbfgs' ? 2 : undefined, rows: 3, columns };
        const cells = referenceAnswer(method, x0, columns, 3);
        const ids = Object.keys(cells);
        const id = ids[pick % ids.length];
        const value = JSON.parse(cells[id]) as number | number[] | number[][];
        const flat = [value].flat(2) as number[];
        const i = which % flat.length;
        flat[i] += delta * (1 + Math.abs(flat[i]));
        const rebuilt = typeof value === 'number' ? flat[0] : Array.isArray(value[0]) ? (value as number[][]).map((row, a) => row.map((_, b) => flat[a * row.length + b])) : flat;
        const g = grade(spec, { ...cells, [id]: JSON.stringify(rebuilt) });
        const allowed = directDependents(method, id, 3, columns);
        const k = Number(/^r(\d+)/.exec(id)![1]);
        expect(part(g, id).correct).toBe(false);
        for (const p of g.parts!) {
          if (p.id === id || allowed.has(p.id)) continue;
          expect(p.grade.correct, `${method}: perturbing ${id} cost ${p.id}`).toBe(true);
          if (Number(/^r(\d+)/.exec(p.id)![1]) < k) expect(p.grade.score).toBe(1);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('trace: worked steps from the student’s first wrong row', () => {
  const worked = (cells: Record<string, string>) => {
    const solved = solveSpec(bfgs);
    const read = readAnswer(solved, JSON.stringify(cells));
    if (!read.ok) throw new Error(read.message);
    return solved.kind.workedFrom!(solved, read.value);
  };
  it('none when every entry is right (the reference steps stand), from row 1 after a slip in row 1', () => {
    expect(worked({ 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]' })).toBeNull();
    const steps = worked(slipRows)!;
    expect(steps.map((s) => s.title)).toEqual(['Row 1 (k = 0)', 'Row 2 (k = 1)', 'Row 3 (k = 2)']);
    expect(steps[0].latex).toContain('p_{0} = \\begin{bmatrix}-2\\\\-4\\end{bmatrix}');
  });
  it('after a slip in row 2, rows 1 kept and rows 2–3 worked from the student’s row 1', () => {
    // Row 1 right, then in row 2 the student's ∇f(x1) = (1, 1) (the reference is (1, 0)):
    // the worked trace starts at row 2 from x1 = (1/2, 0) and gives ∇f(x1) = (1, 0).
    const steps = worked({ ...referenceRows, 'r2-g': '[1, 1]' })!;
    expect(steps[0].title).toMatch(/Your rows 1 to 1 are kept/);
    expect(steps[0].latex).toContain('x_{1} = \\begin{bmatrix}0.5\\\\0\\end{bmatrix}');
    expect(steps[1].title).toBe('Row 2 (k = 1), from your earlier rows');
    expect(steps[1].latex).toContain('\\nabla f(x_{1}) = \\begin{bmatrix}1\\\\0\\end{bmatrix}');
    expect(steps).toHaveLength(3);
  });
});

describe('trace: numbers as the other kinds take them (numberAccepted: within the tolerance, or correctly rounded)', () => {
  // Default tolerance rtol = 1e-3, so the card asks for 3 significant figures.
  // The reference p1 = (−169/162, 11/81) = (−1.0432098…, 0.1358024…) (see the top of this file).
  //   −1.04: |−1.04 + 1.0432098| = 0.0032098 > 1e-3 · 1.0432 = 0.0010432 (outside the tolerance),
  //          but −1.04 is −1.0432098 to 3 figures (within half a unit of 0.01, 0.005).
  //   0.136: |0.136 − 0.1358024| = 0.0001976 > 1e-3 · 0.1358 = 0.0001358 (outside the tolerance),
  //          but 0.136 is 0.1358024 to 3 figures (within 0.0005).
  //   −1.05 is wrongly rounded: |−1.05 + 1.0432098| = 0.0067902 > 0.005 (and > 0.0010432).
  //   0.135 is truncated, not rounded: |0.135 − 0.1358024| = 0.0008024 > 0.0005.
  const rows1and2 = {
    'r1-g': '[2, 4]',
    'r1-p': '[-2, -4]',
    'r1-f': '1/4',
    'r2-x': '[1/2, 0]',
    'r2-g': '[1, 0]',
    'r2-H': '[169/162, -11/81; -11/81, 23/81]',
  };
  const worked = (cells: Record<string, string>) => {
    const solved = solveSpec(bfgs);
    const read = readAnswer(solved, JSON.stringify(cells));
    if (!read.ok) throw new Error(read.message);
    return solved.kind.workedFrom!(solved, read.value);
  };

  it('a correctly rounded entry is right: credited, and no worked trace starts from its row', () => {
    const cells = { ...rows1and2, 'r2-p': '[-1.04, 0.136]' };
    expect(part(grade(bfgs, cells), 'r2-p')).toMatchObject({ correct: true, score: 1 });
    expect(worked(cells)).toBeNull();
  });

  it('a wrongly rounded entry is wrong: that entry loses its credit, and the worked trace starts at its row', () => {
    for (const p of ['[-1.05, 0.136]', '[-1.04, 0.135]']) {
      const cells = { ...rows1and2, 'r2-p': p };
      expect(part(grade(bfgs, cells), 'r2-p'), p).toMatchObject({ correct: false, score: 0.5 });
      const steps = worked(cells)!;
      expect(steps[0].title, p).toMatch(/Your rows 1 to 1 are kept/);
      expect(steps[1].title, p).toBe('Row 2 (k = 1), from your earlier rows');
    }
  });

  it('the trace kind’s version says its grading changed', () => {
    expect(getKind('trace')!.version).toBe(2);
  });
});
