/**
 * The benchmark cases shared by the grading and CLI benchmarks: one solvable spec per
 * kind (two for gradient and hessian: at a point and symbolic) with a mix of right,
 * partly right and wrong answers as a student would type them.
 */
import { runTrace } from '@/lib/math';

export interface Case {
  name: string;
  spec: Record<string, unknown>;
  answers: string[];
  goalUs: number;
}

const cubic = 'x^3 + y^3 + 2*x*y';
const quad = '2.5*x^2 + x*y + 1.5*y^2 - 4*x + 2*y';
export const GOAL = 100;
export const HESSIAN_GOAL = 50;
/** A 5-row BFGS trace in n = 10 (issue 21): under 0.5 ms per check. */
export const TRACE_GOAL = 500;

/** A 5-row BFGS trace in n = 10 on ½xᵀAx, A tridiagonal (4 on the diagonal, 1 beside it), typed to 10 digits. */
function traceCase(): Case {
  const n = 10;
  const A: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 4 : Math.abs(i - j) === 1 ? 1 : 0)));
  const x0 = Array.from({ length: n }, (_, i) => 1 - i / 10);
  const spec = { kind: 'trace', method: 'bfgs', A, x0, alpha: 0.2, rows: 5, columns: ['x', 'g', 'H', 'p', 'f'] };
  const rows = runTrace({ f: () => 0, grad: (x) => A.map((r) => r.reduce((s, a, j) => s + a * x[j], 0)) }, x0, 5, { method: 'bfgs', step: { rule: 'fixed', alpha: 0.2 } });
  const num = (v: number) => v.toPrecision(10);
  const vec = (v: number[]) => `[${v.map(num).join(', ')}]`;
  const mat = (M: number[][]) => `[${M.map((r) => r.map(num).join(', ')).join('; ')}]`;
  const fOf = (x: number[]) => 0.5 * x.reduce((s, xi, i) => s + xi * A[i].reduce((t, a, j) => t + a * x[j], 0), 0);
  const cells: Record<string, string> = {};
  rows.forEach((r, k) => {
    if (k > 0) cells[`r${k + 1}-x`] = vec(r.x);
    cells[`r${k + 1}-g`] = vec(r.g);
    if (k > 0) cells[`r${k + 1}-H`] = mat(r.H!);
    cells[`r${k + 1}-p`] = vec(r.p);
    cells[`r${k + 1}-f`] = num(fOf(r.xNext));
  });
  const slip = { ...cells, 'r1-p': vec(rows[0].p.map((v, i) => (i === 0 ? v + 1 : v))) };
  const blank = Object.fromEntries(Object.entries(cells).filter(([id]) => !id.startsWith('r5-')));
  return { name: 'trace (BFGS, 5 rows, n = 10)', spec, answers: [JSON.stringify(cells), JSON.stringify(slip), JSON.stringify(blank)], goalUs: TRACE_GOAL };
}

export const CASES: Case[] = [
  {
    name: 'hessian (symbolic 2×2)',
    spec: { kind: 'hessian', f: cubic, vars: ['x', 'y'] },
    answers: ['[[6x, 2], [2, 6y]]', '[[6*x, 2], [2, 6*y]]', '[6x, 2; 2, 6y]', '[[6x, 2], [2, 6x]]', '[[3x, 2], [2, 3y]]', '[[6x, 0], [0, 6y]]'],
    goalUs: HESSIAN_GOAL,
  },
  { name: 'bfgs-update', spec: { kind: 'bfgs-update', H: [[1, 0], [0, 1]], s: [1, 0], y: [2, 1] }, answers: ['[[0.75, -0.5], [-0.5, 1]]', '[3/4, -1/2; -1/2, 1]', '[[0.75, 0.5], [-0.5, 1]]', '[[2, 1], [1, 1.5]]'], goalUs: GOAL },
  { name: 'bfgs-update-direct', spec: { kind: 'bfgs-update-direct', B: [[1, 0], [0, 1]], s: [1, 0], y: [2, 1] }, answers: ['[[2, 1], [1, 1.5]]', '[2, 1; 1, 3/2]', '[[2, 1], [1, 1]]', '[[0.75, -0.5], [-0.5, 1]]'], goalUs: GOAL },
  { name: 'classify-critical-point', spec: { kind: 'classify-critical-point', f: 'x^3 - 3*x + y^2', vars: ['x', 'y'], at: [1, 0] }, answers: ['minimum', 'min', 'saddle', 'local maximum'], goalUs: GOAL },
  { name: 'condition-number', spec: { kind: 'condition-number', matrix: [[6, 1], [1, 4]] }, answers: ['1.7945', '(5+sqrt(2))/(5-sqrt(2))', '2', '0.557'], goalUs: GOAL },
  { name: 'definiteness', spec: { kind: 'definiteness', matrix: [[2, 0], [0, -1]] }, answers: ['indefinite', 'Indefinite', 'positive definite', 'pd'], goalUs: GOAL },
  { name: 'directional-derivative', spec: { kind: 'directional-derivative', f: cubic, vars: ['x', 'y'], at: [1, 2], u: [3, 4] }, answers: ['15.4', '77/5', '77', '15'], goalUs: GOAL },
  { name: 'eigenvalues', spec: { kind: 'eigenvalues', matrix: [[6, 1], [1, 4]] }, answers: ['[5-sqrt(2), 5+sqrt(2)]', '[3.586, 6.414]', '[6.414, 3.586]', '[3.586, 6]'], goalUs: GOAL },
  { name: 'gd-iterations', spec: { kind: 'gd-iterations', f: '0.5*(x^2 + 10*y^2)', vars: ['x', 'y'], x0: [1, 1], lr: 2 / 11, tol: 1e-4, stop: 'loss' }, answers: ['28', '29', '27', '30'], goalUs: GOAL },
  { name: 'gd-optimal-step', spec: { kind: 'gd-optimal-step', matrix: [[6, 1], [1, 4]] }, answers: ['0.2', '1/5', '0.1', '0.3'], goalUs: GOAL },
  { name: 'gd-rate', spec: { kind: 'gd-rate', matrix: [[1, 0], [0, 100]] }, answers: ['99/101', '0.98', '0.99', '9/11'], goalUs: GOAL },
  { name: 'gd-step', spec: { kind: 'gd-step', f: cubic, vars: ['x', 'y'], x0: [1, 2], lr: 0.1 }, answers: ['[0.3, 0.6]', '0.3, 0.6', '(0.3, 0.7)', '[1.7, 3.4]'], goalUs: GOAL },
  { name: 'gradient (at a point)', spec: { kind: 'gradient', f: cubic, vars: ['x', 'y'], at: [1, 2] }, answers: ['[7, 14]', '7, 14', '[7, 12]', '(14, 7)'], goalUs: GOAL },
  { name: 'gradient (symbolic)', spec: { kind: 'gradient', f: cubic, vars: ['x', 'y'] }, answers: ['[3x^2 + 2y, 3y^2 + 2x]', '[3*x^2+2*y, 3*y^2+2*x]', '[3x^2 + 2y, 3y^2]', '[3y^2 + 2x, 3x^2 + 2y]'], goalUs: GOAL },
  { name: 'hessian (at a point)', spec: { kind: 'hessian', f: cubic, vars: ['x', 'y'], at: [1, 2] }, answers: ['[[6, 2], [2, 12]]', '[6, 2; 2, 12]', '[[6, 2], [2, 6]]', '[[3, 2], [2, 6]]'], goalUs: GOAL },
  { name: 'hvp', spec: { kind: 'hvp', f: quad, vars: ['x', 'y'], at: [0, 0], v: [0.6, -1] }, answers: ['[2, -2.4]', '(2, -2.4)', '[2, 2.4]', '[0.6, -1]'], goalUs: GOAL },
  { name: 'lbfgs-direction', spec: { kind: 'lbfgs-direction', g: [1, 1], s: [[1, 0], [0, 1]], y: [[2, 1], [1, 3]] }, answers: ['[-23/60, -37/180]', '-0.38333, -0.20556', '[-0.3833, 0]', '[-0.4, -0.2]'], goalUs: GOAL },
  { name: 'newton-iterations', spec: { kind: 'newton-iterations', f: 'x^4', vars: ['x'], x0: [1], tol: 1e-3, stop: 'grad-norm' }, answers: ['7', '8', '6', '10'], goalUs: GOAL },
  { name: 'newton-step', spec: { kind: 'newton-step', f: cubic, vars: ['x', 'y'], x0: [1, 2] }, answers: ['[3/17, 33/34]', '[0.1765, 0.9706]', '[0.2, 0.97]', '[-69, -180]'], goalUs: GOAL },
  { name: 'numerical-hessian', spec: { kind: 'numerical-hessian', f: quad, vars: ['x', 'y'], at: [1, 1], h: 1e-4 }, answers: ['[[5, 1], [1, 3]]', '[5, 1; 1, 3]', '[[5, 1], [1, 4]]', '[[5, 0], [0, 3]]'], goalUs: GOAL },
  { name: 'preconditioned-step', spec: { kind: 'preconditioned-step', f: 'x^2 + 5*y^2', vars: ['x', 'y'], x0: [2, 1], P: [[2, 0], [0, 10]], lr: 0.5 }, answers: ['[1, 0.5]', '(1, 1/2)', '[1, 0]', '[-2, -49]'], goalUs: GOAL },
  { name: 'second-derivative-test', spec: { kind: 'second-derivative-test', f: cubic, vars: ['x', 'y'], at: [1, 2] }, answers: ['68', '68.0', '72', '-68'], goalUs: GOAL },
  { name: 'taylor2', spec: { kind: 'taylor2', f: cubic, vars: ['x', 'y'], a: [1, 2], x: [1.1, 2.1] }, answers: ['15.21', '1521/100', '15.1', '15.32'], goalUs: GOAL },
  traceCase(),
];
