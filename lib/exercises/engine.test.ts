import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, gradeParsed, gradeText, kindNames, readAnswer, solveSpec, validateSpec, type Solved } from './engine';
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
      expect(r.version).toBe(1);
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
