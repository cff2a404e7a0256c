import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, gradeAnswer, gradeParsed, gradeText, kindNames, mistakesInTrail, readAnswer, solveSpec, validateSpec, type Solved } from './engine';
import { KINDS } from './registry';
import { SpecError, DEFAULT_TOLERANCE, type ExerciseKind } from './types';

const hessian = { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] };

describe('registry', () => {
  it('lists each kind once, in alphabetical order', () => {
    const names = KINDS.map((k) => k.kind);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(kindNames()).toContain('hessian');
  });
  it('every kind has a version, a title and mistakes with ids', () => {
    for (const k of KINDS) {
      expect(k.version).toBeGreaterThanOrEqual(1);
      expect(k.title).toBeTruthy();
      for (const m of k.mistakes) expect(m.id).toMatch(/^[a-z0-9-]+$/);
    }
  });
});

describe('validateSpec', () => {
  it('rejects an unknown kind with the list of known kinds', () => {
    let err: unknown;
    try {
      validateSpec({ kind: 'foo' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).field).toBe('kind');
    expect((err as SpecError).message).toContain('unknown kind "foo"; known kinds: ');
    expect((err as SpecError).message).toContain('hessian');
  });
  it('rejects a spec that is not an object or has no kind', () => {
    expect(() => validateSpec(42)).toThrow(SpecError);
    expect(() => validateSpec([])).toThrow(SpecError);
    expect(() => validateSpec({ f: 'x' })).toThrow(/kind/);
  });
  it('names the path of the first invalid input', () => {
    try {
      validateSpec({ ...hessian, at: [1, 'two'] });
      expect.unreachable();
    } catch (e) {
      expect((e as SpecError).field).toBe('at.1');
    }
  });
});

describe('solveSpec', () => {
  it('caches by canonical JSON: key order does not matter', () => {
    const a = solveSpec(hessian);
    const b = solveSpec({ at: [1, 2], vars: ['x', 'y'], f: 'x^3 + y^3 + 2*x*y', kind: 'hessian' });
    expect(b).toBe(a);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
  it('carries the default tolerance or the spec override', () => {
    expect(solveSpec(hessian).tolerance).toEqual(DEFAULT_TOLERANCE);
    expect(solveSpec({ ...hessian, rtol: 0.01, atol: 0.5 }).tolerance).toEqual({ rtol: 0.01, atol: 0.5 });
  });
});

describe('gradeText', () => {
  it('grades the curriculum Hessian', () => {
    const r = gradeText(hessian, '[[6, 2], [2, 12]]');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.grade).toMatchObject({ correct: true, score: 1, feedback: ['Correct.'] });
      expect(r.version).toBe(3); // hessian grader 3: exact symbolic entries (2), correctly rounded numbers (3)
      expect(r.parsed).toEqual([[6, 2], [2, 12]]);
    }
  });
  it('reports a spec error with its field, and a read error with its position', () => {
    const bad = gradeText({ kind: 'nope' }, '1');
    expect(bad).toMatchObject({ ok: false, error: { field: 'kind' } });
    const unread = gradeText(hessian, '[[6, 2], [2, 12]');
    expect(unread.ok).toBe(false);
    if (!unread.ok) {
      expect(unread.error.field).toBeUndefined();
      expect(typeof unread.error.start).toBe('number');
      expect(typeof unread.error.end).toBe('number');
    }
  });
  it('stores expressions as their text', () => {
    const r = gradeText({ kind: 'gradient', f: 'x^2*y', vars: ['x', 'y'] }, '[2xy, x^2]');
    expect(r.ok && r.parsed).toEqual(['2 * x * y', 'x ^ 2']); // normalised text of the answer read
  });
});

// A made-up kind with an integer answer, to test the integer shape and the mistake cache.
let mistakeCalls = 0;
const countKind: ExerciseKind<{ kind: string; n: number }, number> = {
  kind: 'count-test',
  version: 3,
  title: 'test',
  schema: z.object({ kind: z.string(), n: z.number() }),
  shape: () => 'integer',
  prompt: () => '',
  solve: (spec) => ({ answer: spec.n, latex: String(spec.n), steps: [] }),
  mistakes: [
    { id: 'never', message: 'never applies', wrongAnswer: () => null },
    { id: 'throws', message: 'throws', wrongAnswer: () => { throw new Error('no'); } },
    { id: 'same', message: 'same as the answer', wrongAnswer: (_s, sol) => sol.answer },
    { id: 'off-by-one', message: 'off by one', wrongAnswer: (s) => { mistakeCalls++; return s.n + 1; } },
  ],
};
const counted: Solved = {
  kind: countKind as unknown as ExerciseKind,
  spec: { kind: 'count-test', n: 28 },
  solution: { answer: 28, latex: '28', steps: [] },
  shape: 'integer',
  tolerance: DEFAULT_TOLERANCE,
  vars: [],
};

describe('integer answers and diagnosis', () => {
  it('requires a whole number', () => {
    const r = readAnswer(counted, '28.5');
    expect(r).toMatchObject({ ok: false, message: 'an iteration count is a whole number' });
    expect(readAnswer(counted, '28')).toEqual({ ok: true, value: 28 });
  });
  it('matches integers exactly, whatever the tolerance', () => {
    expect(gradeParsed(counted, 28).correct).toBe(true);
    expect(gradeParsed(counted, 27)).toMatchObject({ correct: false, score: 0 });
  });
  it('computes each mistake once per variant, skipping nulls, throws and right answers', () => {
    expect(gradeParsed(counted, 29).diagnosis).toEqual({ id: 'off-by-one', message: 'off by one' });
    expect(gradeParsed(counted, 29).diagnosis?.id).toBe('off-by-one');
    expect(gradeParsed(counted, 30).diagnosis).toBeUndefined();
    expect(mistakeCalls).toBe(1);
  });
  it('gives no credit to an answer of the wrong size', () => {
    const solved = solveSpec(hessian);
    expect(gradeParsed(solved, [[6, 2]])).toMatchObject({ correct: false, score: 0 });
    expect(gradeParsed(solved, 6)).toMatchObject({ correct: false, score: 0 });
  });
});

describe('gradeAnswer: the one way an answer is read and graded', () => {
  it('grades H(1, 2) = [6 2; 2 12] with one check per entry, and stores the answer read', () => {
    const solved = solveSpec(hessian);
    const out = gradeAnswer(solved, '[6, 2; 2, 11]');
    if (!out.ok) throw new Error(out.error.message);
    expect(out.parsed).toEqual([[6, 2], [2, 11]]);
    expect(out.version).toBe(solved.kind.version);
    expect(out.grade.score).toBe(0.75);
    expect(out.grade.trail).toEqual([
      { name: 'entry (1, 1)', passed: true },
      { name: 'entry (1, 2)', passed: true },
      { name: 'entry (2, 1)', passed: true },
      { name: 'entry (2, 2)', passed: false },
    ]);
  });
  it('passes every check of a right answer, and ends a wrong one\'s trail with the recognised mistake', () => {
    const out = gradeAnswer(solveSpec(hessian), '[[6, 2], [2, 12]]');
    expect(out.ok && out.grade.trail.every((c) => c.passed)).toBe(true);
    const wrong = gradeParsed(counted, 29);
    expect(wrong.trail).toEqual([{ name: 'value', passed: false }, { name: 'mistake:off-by-one', passed: true }]);
    expect(mistakesInTrail(wrong.trail)).toEqual(['off-by-one']);
  });
  it('says where an unreadable answer fails, as an error (not an attempt)', () => {
    const out = gradeAnswer(solveSpec(hessian), '[6, 2; 2,');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ start: expect.any(Number), end: expect.any(Number) });
  });
  it('records a wrong size as a failed "shape" check', () => {
    expect(gradeParsed(solveSpec(hessian), [[6, 2]]).trail).toEqual([{ name: 'shape', passed: false }]);
  });
});

describe("a kind's comparison choice", () => {
  const vectorKind = (compare: ExerciseKind['compare'], answer: number[]): Solved => ({
    kind: { ...countKind, kind: 'vector-test', compare, mistakes: [], shape: () => 'vector' } as unknown as ExerciseKind,
    spec: {},
    solution: { answer, latex: '', steps: [] },
    shape: 'vector',
    tolerance: DEFAULT_TOLERANCE,
    vars: [],
  });
  it('multiset: eigenvalues 5 − √2, 5 + √2 earn full credit in either order', () => {
    const solved = vectorKind('multiset', [5 - Math.SQRT2, 5 + Math.SQRT2]);
    expect(gradeParsed(solved, [5 + Math.SQRT2, 5 - Math.SQRT2])).toMatchObject({ correct: true, score: 1 });
    // One right value typed twice is paired once.
    expect(gradeParsed(solved, [5 + Math.SQRT2, 5 + Math.SQRT2])).toMatchObject({ correct: false, score: 0.5 });
    expect(gradeParsed(vectorKind(undefined, [5 - Math.SQRT2, 5 + Math.SQRT2]), [5 + Math.SQRT2, 5 - Math.SQRT2])).toMatchObject({ correct: false, score: 0 });
  });
  it('up-to-scale: (−3, 6) is a multiple of (1, −2), (2, 1) is not', () => {
    const solved = vectorKind('up-to-scale', [1, -2]);
    expect(gradeParsed(solved, [-3, 6])).toMatchObject({ correct: true, score: 1 });
    expect(gradeParsed(solved, [2, 1])).toMatchObject({ correct: false });
    expect(gradeParsed(solved, [0, 0])).toMatchObject({ correct: false, score: 0 });
  });
  it('row-set: the critical points (0, 0) and (1, −1) in any order', () => {
    const solved: Solved = { ...vectorKind('row-set', []), shape: 'matrix', solution: { answer: [[0, 0], [1, -1]], latex: '', steps: [] } };
    expect(gradeParsed(solved, [[1, -1], [0, 0]])).toMatchObject({ correct: true, score: 1 });
    expect(gradeParsed(solved, [[1, 1], [0, 0]])).toMatchObject({ correct: false, score: 0.5 });
  });
});
