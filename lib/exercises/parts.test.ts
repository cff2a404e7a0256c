/**
 * Answers in several parts, on a two-step gradient descent whose second step starts from the
 * student's own first step (follow-through). f = x² + 2y², ∇f = (2x, 4y), x0 = (1, 1), lr = 1/4:
 *   x1 = (1 − 2/4, 1 − 4/4) = (0.5, 0),  x2 = (0.5 − 1/4, 0) = (0.25, 0).
 * From a wrong x1 = (1, 0): x2 = (1 − 2/4, 0) = (0.5, 0).
 */
import { describe, expect, it } from 'vitest';
import { answerForm, gradeAnswer, solveSpec, type Solved } from './engine';
import { partTexts, type PartPlan } from './parts';
import { DEFAULT_TOLERANCE, SpecError, type ExerciseKind } from './types';

const step = (x0: number[]) => solveSpec({ kind: 'gd-step', f: 'x^2 + 2*y^2', vars: ['x', 'y'], x0, lr: 0.25 });

const plan: PartPlan[] = [
  { id: 'x1', label: '(a) x₁', weight: 1, reference: step([1, 1]), solve: () => step([1, 1]) },
  {
    id: 'x2',
    label: '(b) x₂',
    weight: 1,
    reference: step([0.5, 0]),
    solve: (earlier) => {
      const x1 = earlier.get('x1');
      if (x1 === undefined) return step([0.5, 0]);
      if ((x1 as number[]).some((v) => !Number.isFinite(v) || Math.abs(v) > 1e6)) throw new SpecError('x1', 'your x₁ is too far off to take a step from');
      return step(x1 as number[]);
    },
  },
];

const twoSteps: Solved = {
  kind: { kind: 'two-steps', version: 1, title: 'Two steps', shape: () => 'parts', prompt: () => '', mistakes: [], parts: () => plan } as unknown as ExerciseKind,
  spec: {},
  solution: { answer: [], latex: '', steps: [] },
  shape: 'parts',
  tolerance: DEFAULT_TOLERANCE,
  vars: [],
};

const answer = (texts: Record<string, string>) => JSON.stringify(texts);

function graded(texts: Record<string, string>) {
  const out = gradeAnswer(twoSteps, answer(texts));
  if (!out.ok) throw new Error(out.error.message);
  return out;
}

describe('answers in several parts', () => {
  it('reference steps are as computed by hand', () => {
    expect(step([1, 1]).solution.answer).toEqual([0.5, 0]);
    expect(step([0.5, 0]).solution.answer).toEqual([0.25, 0]);
    expect(step([1, 0]).solution.answer).toEqual([0.5, 0]);
  });

  it('gives full credit for both steps right, with every part in the trail', () => {
    const out = graded({ x1: '[0.5, 0]', x2: '[0.25, 0]' });
    expect(out.grade).toMatchObject({ correct: true, score: 1, feedback: ['Correct.'] });
    expect(out.grade.trail.map((c) => c.name)).toEqual(['x1.entry 1', 'x1.entry 2', 'x2.entry 1', 'x2.entry 2']);
    expect(out.parsed).toEqual({ x1: [0.5, 0], x2: [0.25, 0] });
  });

  it('follows through: a wrong first step costs only that step when the second is right from it', () => {
    const out = graded({ x1: '[1, 0]', x2: '[0.5, 0]' });
    expect(out.grade.parts!.map((p) => [p.id, p.grade.score])).toEqual([['x1', 0.5], ['x2', 1]]);
    expect(out.grade.score).toBe(0.75);
    expect(out.grade.correct).toBe(false);
  });

  it('does not credit a second step right from the reference but not from the student’s own first step', () => {
    const out = graded({ x1: '[1, 0]', x2: '[0.25, 0]' });
    // From x1 = (1, 0) the step lands on (0.5, 0): only the y entry of (0.25, 0) matches.
    expect(out.grade.parts![1].grade).toMatchObject({ correct: false, score: 0.5 });
    expect(out.grade.feedback).toContain('(b) x₂: Entry 1 is not right.');
  });

  it('grades a blank part as unanswered, and the next part against the reference', () => {
    const out = graded({ x2: '[0.25, 0]' });
    expect(out.grade.parts!.map((p) => [p.id, p.grade.score])).toEqual([['x1', 0], ['x2', 1]]);
    expect(out.grade.parts![0].grade.feedback).toEqual(['No answer.']);
    expect(out.grade.trail[0]).toEqual({ name: 'x1.answered', passed: false });
  });

  it('says which part could not be read, and does not grade', () => {
    const out = gradeAnswer(twoSteps, answer({ x1: '[0.5, 0]', x2: '[0.25,' }));
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.part).toBe('x2');
      expect(out.error.message).toMatch(/^\(b\) x₂: /);
    }
  });

  it('scores 0 a part that cannot be checked against the student’s earlier answer, saying why', () => {
    const out = graded({ x1: '[1e9, 0]', x2: '[0.25, 0]' });
    expect(out.grade.parts![1].grade.score).toBe(0);
    expect(out.grade.parts![1].grade.feedback[0]).toMatch(/could not be checked against your earlier answers: x1: your x₁ is too far off/);
  });

  it('refuses text that is not an object of texts by part', () => {
    expect(partTexts('[0.5, 0]', ['x1', 'x2'])).toMatchObject({ ok: false, message: expect.stringMatching(/JSON object/) });
    expect(partTexts('{"x3": "1"}', ['x1', 'x2'])).toMatchObject({ ok: false, message: expect.stringMatching(/no part "x3"/) });
    expect(partTexts('{"x1": 1}', ['x1', 'x2'])).toMatchObject({ ok: false, message: 'part "x1": expected the text typed in its box' });
    expect(partTexts(' '.repeat(10_001), ['x1'])).toMatchObject({ ok: false });
  });

  it('weights parts as the plan says', () => {
    const weighted = plan.map((p, i) => ({ ...p, weight: i === 0 ? 3 : 1 }));
    const solved: Solved = { ...twoSteps, kind: { ...twoSteps.kind, parts: () => weighted } as ExerciseKind };
    const out = gradeAnswer(solved, answer({ x1: '[0.5, 0]', x2: '[9, 9]' }));
    expect(out.ok && out.grade.score).toBe(0.75); // (3·1 + 1·0) / 4
  });

  it('gives the answer box one field per part, in the shape of each', () => {
    expect(answerForm(twoSteps)).toEqual({
      shape: 'parts',
      size: [],
      vars: [],
      labels: [],
      parts: [
        { id: 'x1', label: '(a) x₁', form: { shape: 'vector', size: [2], vars: [], labels: [], accuracy: 'Give numbers to 3 significant figures (or within 0.1 %).' } },
        { id: 'x2', label: '(b) x₂', form: { shape: 'vector', size: [2], vars: [], labels: [], accuracy: 'Give numbers to 3 significant figures (or within 0.1 %).' } },
      ],
    });
  });
});
