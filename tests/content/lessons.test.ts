/**
 * Every number a lesson of content/curvature states is reproduced by one of its own
 * exercises: each worked example's exercise accepts the number the lesson prints (from
 * /work/shared/curriculum.md or worked by hand) and rejects a near miss.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { generateVariant, gradeText } from '@/lib/exercises';
import { loadCourse } from '@/lib/content/load';
import type { CourseData, ExerciseData } from '@/lib/content';

/** An answer in several parts, as the answer box sends it. */
const parts = (texts: Record<string, string>) => JSON.stringify(texts);

/** lesson → exercise id → [the lesson's number as a student would type it, a wrong answer]. */
const STATED: Record<string, Record<string, [right: string, wrong: string]>> = {
  gradients: {
    'gradient-worked-example': ['[7, 14]', '[14, 7]'],
    'directional-derivative-worked-example': ['15.4', '77'], // 77 = ∇f·(3, 4) without normalising
    'steepest-rate': ['sqrt(245)', '15.4'],
    'along-level-curve': ['0', '0.1'],
    // ∇f = (3x² + 2y, 3y² + 2x); at (1, 2): (7, 14); along (3, 4)/5: 77/5 = 15.4; steepest: √245.
    'gradient-four-parts': [
      parts({ formula: '[3x^2 + 2y, 3y^2 + 2x]', grad: '[7, 14]', slope: '15.4', steepest: 'sqrt(245)' }),
      parts({ formula: '[3x^2 + 2y, 3y^2 + 2x]', grad: '[7, 14]', slope: '77', steepest: 'sqrt(245)' }), // 77 = ∇f·(3, 4), not normalised
    ],
  },
  hessian: {
    'hessian-formula-worked-example': ['[[6x, 2], [2, 6y]]', '[[3x, 2], [2, 3y]]'],
    'hessian-worked-example': ['[[6, 2], [2, 12]]', '[[6, 2], [2, 6]]'],
    'hessian-quadratic-worked-example': ['[[6, 1], [1, 4]]', '[[3, 1], [1, 2]]'],
  },
  eigenvalues: {
    'eigenvalues-worked-example': ['[5 - sqrt(2), 5 + sqrt(2)]', '[3.5, 6.5]'],
    'condition-number-worked-example': ['1.789', '1.5'],
    'definiteness-worked-example': ['positive definite', 'indefinite'],
    'eigenvalues-cubic-hessian': ['[9 - sqrt(13), 9 + sqrt(13)]', '[6, 12]'],
    'eigenvalues-saddle': ['[-1, 5]', '[1, 5]'],
    'definiteness-saddle': ['indefinite', 'positive definite'],
    'eigenvalues-trough': ['[0, 5]', '[1, 4]'],
    'definiteness-trough': ['positive semidefinite', 'positive definite'],
    // det = 0, trace 5: eigenvalues 0 and 5, so only semidefinite — option 2, B without a seed.
    'trough-statement': ['B', 'A'],
    // λ = 5 ± √2; κ = (5 + √2)/(5 − √2) ≈ 1.789; positive definite is option 1 (A without a seed).
    'eigen-three-parts': [
      parts({ lam: '[5 - sqrt(2), 5 + sqrt(2)]', kappa: '1.789', shape: 'A' }),
      parts({ lam: '[5 - sqrt(2), 5 + sqrt(2)]', kappa: '1.789', shape: 'D' }),
    ],
  },
  'critical-points': {
    'classify-saddle-worked-example': ['saddle', 'minimum'],
    'second-derivative-test-saddle': ['-36', '36'],
    'classify-minimum-worked-example': ['minimum', 'saddle'],
    'second-derivative-test-minimum': ['108', '180'],
    'hessian-worked-example-minimum': ['[[12, -6], [-6, 12]]', '[[12, 6], [6, 12]]'],
    'gradient-not-critical': ['[-3, -3]', '[0, 0]'],
    'classify-not-critical': ['not critical', 'saddle'],
    'classify-degenerate-minimum': ['minimum', 'inconclusive'],
    'hessian-degenerate-minimum': ['[[4.2667, 0], [0, 4.2667]]', '[[4.2667, 1], [1, 4.2667]]'],
    'second-derivative-test-degenerate': ['18.204', '4.2667'],
    'hessian-degenerate-origin': ['[[0, 0], [0, 0]]', '[[1, 0], [0, 1]]'],
    'classify-degenerate-origin': ['inconclusive', 'minimum'],
  },
  'taylor-models': {
    'taylor2-worked-example-short': ['15.21', '15.1'], // 15.1 leaves out the curvature term
    'taylor2-worked-example-long': ['45', '56'], // 56 forgets the ½
    'taylor2-at-its-centre': ['47', '45'],
  },
  'gradient-descent': {
    // f = x² + 2y² from (1, 1), Armijo (α0 = 1, ρ = 1/2, c1 = 1/2): α = 1 gives f = 19, 1/2 gives 2, both
    // rejected; 1/4 lands on (1/2, 0), f = 1/4. Then α = 1 gives f(−1/2, 0) = 1/4 > 0, 1/2 lands on (0, 0).
    'gd-armijo-trace': [
      parts({ 'r1-alpha': '1/4', 'r1-backtracks': '2', 'r1-f': '1/4', 'r2-x': '[1/2, 0]', 'r2-alpha': '1/2', 'r2-backtracks': '1', 'r2-f': '0' }),
      parts({ 'r1-alpha': '1/4', 'r1-backtracks': '3', 'r1-f': '1/4', 'r2-x': '[1/2, 0]', 'r2-alpha': '1/2', 'r2-backtracks': '1', 'r2-f': '0' }), // counted the trials
    ],
    'gd-optimal-step-worked-example': ['2/11', '1/11'],
    'gd-rate-worked-example': ['9/11', '10/11'],
    'gd-rate-kappa-100': ['0.980', '0.99'],
    'gd-optimal-step-bowl': ['0.2', '0.4'],
    'gd-rate-bowl': ['0.283', '0.5'],
    'gd-iterations-kappa-1': ['1', '0'],
    'gd-iterations-kappa-10': ['28', '27'],
    'gd-iterations-kappa-100': ['329', '328'],
    'gd-step-too-large': ['[0.75, -1.5]', '[0.75, 1.5]'],
    // f = x² + 2y² from (1, 1): factors 1 − 2α, 1 − 4α; α = 1/3: ‖∇f‖ = √20/3^k ≤ 0.01 at k = 6;
    // α = 0.2: 2·0.6^k ≤ 0.01 only from k = 11 > 10.
    'gd-step-size-slider': ['1/3', '0.2'],
  },
  newton: {
    // f = x⁴ + y² from (1, 1): ∇f = (4, 2), ∇²f = diag(12, 2), p = (−1/3, −1), x1 = (2/3, 0), f = 16/81;
    // ∇f(x1) = (32/27, 0), ∇²f = diag(16/3, 2), p = (−2/9, 0), x2 = (4/9, 0), f = 256/6561.
    'newton-trace': [
      parts({ 'r1-g': '[4, 2]', 'r1-p': '[-1/3, -1]', 'r1-f': '16/81', 'r2-x': '[2/3, 0]', 'r2-g': '[32/27, 0]', 'r2-p': '[-2/9, 0]', 'r2-f': '256/6561' }),
      parts({ 'r1-g': '[4, 2]', 'r1-p': '[-48, -4]', 'r1-f': '16/81', 'r2-x': '[2/3, 0]', 'r2-g': '[32/27, 0]', 'r2-p': '[-2/9, 0]', 'r2-f': '256/6561' }), // ∇²f·∇f, not its solve
    ],
    'newton-step-one-variable': ['1.4167', '1.5'],
    'newton-step-quadratic-worked-example': ['[1, -1]', '[-1, 1]'],
    'newton-iterations-quadratic': ['1', '2'],
    'gd-optimal-step-quadratic': ['0.25', '0.5'],
    'gd-iterations-quadratic': ['21', '20'],
    'newton-step-towards-minimum': ['[4.6933, 4.6933]', '[4, 4]'],
    'newton-iterations-to-minimum': ['5', '4'],
    'newton-step-towards-origin': ['[0.5946, 0.5946]', '[4, 4]'],
    'newton-iterations-to-origin': ['31', '30'],
    // ∇f(7, −3) = A x0 + b = (28, 0); H = A; x1 = x0 − A⁻¹(28, 0) = (7, −3) − (6, −2) = (1, −1).
    'newton-three-parts': [
      parts({ grad: '[28, 0]', hess: '[5, 1; 1, 3]', step: '[1, -1]' }),
      parts({ grad: '[28, 0]', hess: '[5, 1; 1, 3]', step: '[13, -5]' }), // x0 + A⁻¹∇f
    ],
    // x⁴ + y² from (1, 1): x − 4x³/(12x²) = 2/3, y − 2y/2 = 0; tolerance 0.02·3.2 = 0.064; (0.6, 0.05) is 0.083 away.
    'newton-step-on-figure': ['(0.667, 0)', '(0.6, 0.05)'],
  },
  bfgs: {
    // BFGS on x² + 2y² from (1, 1), α = 1/4, H0 = I, worked in fractions (see lib/exercises/trace/trace.test.ts).
    'bfgs-trace': [
      parts({
        'r1-g': '[2, 4]', 'r1-p': '[-2, -4]', 'r1-f': '1/4',
        'r2-x': '[1/2, 0]', 'r2-g': '[1, 0]', 'r2-H': '[169/162, -11/81; -11/81, 23/81]', 'r2-p': '[-169/162, 11/81]', 'r2-f': '2777/46656',
        'r3-x': '[155/648, 11/324]', 'r3-g': '[155/324, 11/81]', 'r3-H': '[10775609/21529922, 20449/10764961; 20449/10764961, 2769783/10764961]',
        'r3-p': '[-1672018907/6975694728, -125040047/3487847364]', 'r3-f': '97812890623561/2929568563528704',
      }),
      parts({ 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]', 'r1-f': '1/4', 'r2-x': '[1/2, 0]', 'r2-g': '[1, 0]', 'r2-H': '[1, 0; 0, 1]' }), // H not updated
    ],
    'bfgs-update-direct-worked-example': ['[[5, 1], [1, 1.2]]', '[[5, 1], [1, 1]]'],
    'bfgs-update-worked-example': ['[[0.24, -0.2], [-0.2, 1]]', '[[0.2, 0], [0, 1]]'],
    'bfgs-update-direct-second': ['[[4.5, 1], [1, 3]]', '[[5, 1], [1, 3]]'],
    // H₀ = I: x1 = (1, 1) − ¼(2, 4) = (0.5, 0); (0, 0) is the Newton point.
    'bfgs-first-step-on-figure': ['(0.5, 0)', '(0, 0)'],
  },
  lbfgs: {
    // L-BFGS, m = 1, on x² + 2y² from (1, 1), α = 1/4: p0 = (−2, −4); x1 = (1/2, 0), p1 = (−97/306, −7/153);
    // x2 = (515/1224, −7/612) and p2 from the newest pair only (exact fractions, worked in Python's fractions).
    'lbfgs-trace': [
      parts({ 'r1-p': '[-2, -4]', 'r2-x': '[1/2, 0]', 'r2-p': '[-97/306, -7/153]', 'r3-x': '[515/1224, -7/612]', 'r3-p': '[-5956948307/13586616648, 494034163/6793308324]' }),
      parts({ 'r1-p': '[-2, -4]', 'r2-x': '[1/2, 0]', 'r2-p': '[-97/306, -7/153]', 'r3-x': '[515/1224, -7/612]', 'r3-p': '[-0.42111453351134004, 0.012695096134873388]' }), // both pairs (m = 2)
    ],
    'lbfgs-direction-one-pair': ['[-0.3769, -0.1154]', '[0.3769, 0.1154]'], // sign: d = -Hg
    'lbfgs-direction-two-pairs': ['[-0.3533, -0.2156]', '[-0.3571, -0.2143]'], // not exactly Newton's
    'newton-direction-comparison': ['[-5/14, -3/14]', '[-0.3533, -0.2156]'],
    // H = [[2, 4], [4, 2]]: (1, −1) has dᵀHd/‖d‖² = (2 − 8 + 2)/2 = −2; (1, 1) has +6.
    'negative-curvature-on-figure': ['(1, -1)', '(1, 1)'],
  },
  'hessian-vector-products': {
    'hvp-worked-example': ['[2, -2.4]', '[2.4, -2]'],
    'hvp-first-column': ['[6, 2]', '[6, 12]'],
    'numerical-hessian-quadratic': ['[[5, 1], [1, 3]]', '[[5, 0], [0, 3]]'],
    'numerical-hessian-quartic': ['[[12.08, 0], [0, 2]]', '[[12, 0], [0, 2]]'],
    'numerical-hessian-quartic-smaller-step': ['[[12.0008, 0], [0, 2]]', '[[12, 0], [0, 2]]'],
  },
  preconditioning: {
    'condition-number-preconditioning': ['exp(4)', '54'],
    'gd-optimal-step-preconditioning': ['2/(1 + exp(4))', '1/(1 + exp(4))'],
    'gd-rate-preconditioning': ['0.964', '0.98'],
    'gd-iterations-preconditioning': ['172', '171'],
    'preconditioned-step-diagonal-worked-example': ['[0, 0]', '[1, 0]'],
    'preconditioned-step-jacobi': ['[0.8, -2/3]', '[1, -1]'],
    'gd-step-jacobi-comparison': ['[1, -0.5]', '[0.8, -2/3]'],
  },
};

let course: CourseData;
beforeAll(async () => {
  course = await loadCourse('content/curvature');
});

function exercise(lesson: string, id: string): ExerciseData {
  const found = course.lessons.find((l) => l.slug === lesson)?.exercises.find((e) => e.key === id);
  if (!found) throw new Error(`${lesson}: no exercise ${id}`);
  return found;
}

function grade(ex: ExerciseData, text: string): boolean {
  const r = gradeText(ex.spec, text);
  if (!r.ok) throw new Error(`${ex.key}: ${r.error.message}`);
  return r.grade.correct;
}

describe.each(Object.entries(STATED))('lesson %s', (lesson, cases) => {
  test.each(Object.entries(cases))('%s accepts the stated answer and rejects a near miss', (id, [right, wrong]) => {
    const ex = exercise(lesson, id);
    expect(ex.spec.params).toBeUndefined(); // a worked example has fixed numbers
    expect(grade(ex, right)).toBe(true);
    expect(grade(ex, wrong)).toBe(false);
  });
});

describe('randomised exercises whose answer the lesson states', () => {
  test.each([
    ['newton', 'newton-step-quadratic-anywhere'],
    ['preconditioning', 'preconditioned-step-newton'],
  ])('%s: %s lands on (1, -1) from every start', (lesson, id) => {
    const ex = exercise(lesson, id);
    for (let seed = 0; seed < 20; seed++) {
      const variant = generateVariant(ex.spec, seed);
      expect(gradeText(variant, '[1, -1]')).toMatchObject({ ok: true, grade: { correct: true } });
      expect(gradeText(variant, '[-1, 1]')).toMatchObject({ ok: true, grade: { correct: false } });
    }
  });
});

describe('course shape', () => {
  test('the eleven lessons come in curriculum order, each with objectives and at least 3 exercises, some randomised', () => {
    expect(course.lessons.map((l) => l.slug)).toEqual([
      'gradients',
      'hessian',
      'eigenvalues',
      'critical-points',
      'taylor-models',
      'gradient-descent',
      'newton',
      'bfgs',
      'lbfgs',
      'hessian-vector-products',
      'preconditioning',
    ]);
    for (const l of course.lessons) {
      expect(l.objectives.length).toBeGreaterThanOrEqual(3);
      expect(l.exercises.length).toBeGreaterThanOrEqual(3);
      expect(l.exercises.some((e) => e.spec.params !== undefined)).toBe(true);
    }
  });

  test('the lesson 2 example from the task brief is a randomised Hessian at a point', () => {
    expect(exercise('hessian', 'hessian-at-point').spec).toEqual({
      kind: 'hessian',
      f: '{a}*x^3 + y^3 + {b}*x*y',
      vars: ['x', 'y'],
      at: ['{p}', '{q}'],
      params: { a: { min: 1, max: 4 }, b: { min: -3, max: 3, exclude: [0] }, p: { min: -2, max: 2 }, q: { min: -2, max: 2 } },
    });
  });
});

describe('multi-part exercises follow through from a student’s own earlier answers', () => {
  test('newton: a gradient without b, (32, −2), costs only part (a); the step (0, 0) from it is credited', () => {
    // A⁻¹(32, −2) = (1/14)·(3·32 + 2, −32 − 5·2) = (7, −3), so x1 = (7, −3) − (7, −3) = (0, 0).
    const r = gradeText(exercise('newton', 'newton-three-parts').spec, parts({ grad: '[32, -2]', hess: '[5, 1; 1, 3]', step: '[0, 0]' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.grade.parts!.map((p) => [p.id, p.grade.score])).toEqual([['grad', 0], ['hess', 1], ['step', 1]]);
    expect(r.grade.parts![0].grade.diagnosis?.id).toBe('mistake-1');
    expect(r.grade.score).toBeCloseTo(2 / 3, 12);
  });
  test('gradients: a gradient at the swapped point (14, 7) gives the slope (42 + 28)/5 = 14 and the steepest slope √245', () => {
    const r = gradeText(exercise('gradients', 'gradient-four-parts').spec, parts({ formula: '[3x^2 + 2y, 3y^2 + 2x]', grad: '[14, 7]', slope: '14', steepest: 'sqrt(245)' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.grade.parts!.map((p) => [p.id, p.grade.score])).toEqual([['formula', 1], ['grad', 0], ['slope', 1], ['steepest', 1]]);
  });
  test('eigenvalues: the diagonal (4, 6) as eigenvalues gives κ = 1.5 on follow-through', () => {
    const r = gradeText(exercise('eigenvalues', 'eigen-three-parts').spec, parts({ lam: '[4, 6]', kappa: '1.5', shape: 'A' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.grade.parts!.map((p) => [p.id, p.grade.score])).toEqual([['lam', 0], ['kappa', 1], ['shape', 1]]);
    expect(r.grade.parts![0].grade.diagnosis?.id).toBe('mistake-1');
  });
});

