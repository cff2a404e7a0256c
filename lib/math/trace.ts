/**
 * Optimiser iterations one at a time, replayable from any state: the step functions behind
 * the `trace` exercises, where a student's table of iterates is checked row by row against
 * the step that starts from the student's own previous row.
 *
 * One iteration k of every method is
 *   g_k = ∇f(x_k);  p_k = the method's direction;  α_k = the step length;
 *   x_{k+1} = x_k + α_k p_k;  then the method's memory is updated with
 *   s_k = x_{k+1} − x_k and y_k = ∇f(x_{k+1}) − g_k.
 * Directions: gradient descent p = −g; Newton solves ∇²f(x) p = −g; BFGS p = −H g with the
 * inverse approximation H, or solves B p = −g with the direct approximation B; L-BFGS
 * p = −H g by the two-loop recursion over the last m pairs. Step lengths: a fixed α, or
 * Armijo backtracking (α = α0, α0·ρ, α0·ρ², … until f(x + αp) ≤ f(x) + c1·α·gᵀp).
 * Reuses the single steps of steps.ts and the updates of quasinewton.ts.
 */
import { MathError } from './errors';
import { dot, identity, matVec, norm2, solve, type Mat, type Vec } from './linalg';
import { bfgsDirectUpdate, bfgsInverseUpdate, lbfgsTwoLoop } from './quasinewton';

/** The methods a trace can follow. */
export type TraceMethod = 'gd' | 'newton' | 'bfgs' | 'lbfgs';

/** A function with its gradient and, for Newton, its Hessian. */
export interface TraceObjective {
  f(x: Vec): number;
  grad(x: Vec): Vec;
  hess?(x: Vec): Mat;
}

/** How the step length is chosen: a fixed α, or Armijo backtracking. */
export type StepRule =
  | { rule: 'fixed'; alpha: number }
  | {
      rule: 'armijo';
      /** First trial step (usually 1). */
      alpha0: number;
      /** Factor each rejected trial is multiplied by, in (0, 1) (usually 1/2). */
      shrink: number;
      /** Sufficient-decrease constant, in (0, 1) (usually 1e-4). */
      c1: number;
    };

/** The most rejected trials Armijo backtracking makes before it gives up. */
export const MAX_BACKTRACKS = 60;

/** A step length and how it was found: `backtracks` is the number of rejected trials (0 for a fixed α). */
export interface StepLength {
  alpha: number;
  backtracks: number;
}

/**
 * Armijo backtracking along p from x (f(x) = fx, ∇f(x) = g): the first α = α0·shrinkʲ,
 * j = 0, 1, …, with f(x + αp) ≤ fx + c1·α·gᵀp; `backtracks` = j. With `reversed` the test
 * is applied the wrong way round (≥), which is how a known mistake is reproduced. A zero
 * direction (at a stationary point) takes α0 at once. MathError when p is not a descent
 * direction (gᵀp ≥ 0) or no trial passes within MAX_BACKTRACKS.
 */
export function armijoBacktracking(
  f: (x: Vec) => number,
  x: Vec,
  fx: number,
  g: Vec,
  p: Vec,
  rule: { alpha0: number; shrink: number; c1: number },
  reversed = false,
): StepLength {
  const slope = dot(g, p);
  // At a stationary point the direction is zero and every trial passes: the first one is taken.
  if (p.every((v) => v === 0)) return { alpha: rule.alpha0, backtracks: 0 };
  if (!(slope < 0)) throw new MathError(`the direction is not a descent direction (gᵀp = ${slope}), so no step satisfies the Armijo condition`);
  let alpha = rule.alpha0;
  for (let j = 0; j <= MAX_BACKTRACKS; j++) {
    const trial = f(x.map((xi, i) => xi + alpha * p[i]));
    const bound = fx + rule.c1 * alpha * slope;
    if (reversed ? trial >= bound : trial <= bound) return { alpha, backtracks: j };
    alpha *= rule.shrink;
  }
  throw new MathError(`no step satisfies the Armijo condition within ${MAX_BACKTRACKS} backtracks`);
}

/** The step length of `rule` along p from x (f(x) = fx, ∇f(x) = g). */
export function stepLength(f: (x: Vec) => number, x: Vec, fx: number, g: Vec, p: Vec, rule: StepRule): StepLength {
  if (rule.rule === 'fixed') return { alpha: rule.alpha, backtracks: 0 };
  return armijoBacktracking(f, x, fx, g, p, rule);
}

/** x + αp. */
export function takeStep(x: Vec, alpha: number, p: Vec): Vec {
  if (p.length !== x.length) throw new MathError(`the direction has ${p.length} entries but x has ${x.length}`);
  return x.map((xi, i) => xi + alpha * p[i]);
}

/**
 * Whether a step s with gradient change y says anything about curvature: false for a step that
 * did not move, and for yᵀs zero to rounding (|yᵀs| ≤ 1e-10·‖y‖‖s‖) — what a step next to a
 * minimum gives. Such a pair is skipped: BFGS keeps its H, L-BFGS stores no pair.
 */
export function carriesCurvature(s: Vec, y: Vec): boolean {
  if (s.every((v) => v === 0)) return false;
  return Math.abs(dot(y, s)) > 1e-10 * norm2(y) * norm2(s);
}

/** What a method remembers between iterations. */
export interface TraceMemory {
  /** BFGS: the inverse approximation H_k (form 'inverse') or the direct B_k (form 'direct'). */
  H?: Mat;
  /** L-BFGS: the stored pairs, oldest first (at most m of them). */
  S?: Vec[];
  Y?: Vec[];
}

/** Options of a method's iterations. */
export interface TraceOptions {
  method: TraceMethod;
  step: StepRule;
  /** BFGS: update the inverse approximation H (default) or the direct B. */
  form?: 'inverse' | 'direct';
  /** L-BFGS: the number of pairs kept (default 5). */
  m?: number;
}

/**
 * The search direction at x (gradient g) from the method's memory. Newton needs obj.hess;
 * BFGS needs memory.H. MathError for a singular Hessian or B.
 */
export function traceDirection(obj: TraceObjective, x: Vec, g: Vec, memory: TraceMemory, opts: TraceOptions): Vec {
  switch (opts.method) {
    case 'gd':
      return g.map((v) => -v);
    case 'newton': {
      if (!obj.hess) throw new MathError('the Newton method needs the Hessian');
      return solve(obj.hess(x), g.map((v) => -v));
    }
    case 'bfgs': {
      if (!memory.H) throw new MathError('BFGS needs its current approximation H');
      return opts.form === 'direct' ? solve(memory.H, g.map((v) => -v)) : matVec(memory.H, g).map((v) => -v);
    }
    case 'lbfgs':
      return lbfgsTwoLoop(g, memory.S ?? [], memory.Y ?? []).d;
  }
}

/**
 * The memory after a step with s = x_{k+1} − x_k and y = ∇f(x_{k+1}) − ∇f(x_k): the BFGS
 * update of H (or B), or the new pair appended to L-BFGS's (the oldest dropped beyond m).
 * Gradient descent and Newton remember nothing. A pair that carries no curvature (see
 * carriesCurvature) leaves the memory as it was. MathError when yᵀs < 0 (negative curvature).
 */
export function updateMemory(memory: TraceMemory, s: Vec, y: Vec, opts: TraceOptions): TraceMemory {
  if (!carriesCurvature(s, y)) return memory;
  if (opts.method === 'bfgs') {
    if (!memory.H) throw new MathError('BFGS needs its current approximation H');
    return { H: opts.form === 'direct' ? bfgsDirectUpdate(memory.H, s, y).B : bfgsInverseUpdate(memory.H, s, y).H };
  }
  if (opts.method === 'lbfgs') {
    if (!(dot(y, s) > 0)) throw new MathError(`yᵀs must be positive (it is ${dot(y, s)})`);
    const m = opts.m ?? 5;
    const S = [...(memory.S ?? []), s].slice(-m);
    const Y = [...(memory.Y ?? []), y].slice(-m);
    return { S, Y };
  }
  return {};
}

/** One iteration as a table row: everything computed from x_k and the memory. */
export interface TraceRow {
  x: Vec;
  g: Vec;
  /** BFGS: H_k (or B_k) used for this row's direction. */
  H?: Mat;
  p: Vec;
  alpha: number;
  backtracks: number;
  /** x_{k+1} = x_k + α_k p_k. */
  xNext: Vec;
  /** f(x_{k+1}). */
  fNext: number;
}

/**
 * One iteration from the state (x, memory): its row, and the memory of the next iteration.
 * Pure: the same state always gives the same row.
 */
export function traceIteration(obj: TraceObjective, x: Vec, memory: TraceMemory, opts: TraceOptions): { row: TraceRow; memory: TraceMemory } {
  const g = obj.grad(x);
  const p = traceDirection(obj, x, g, memory, opts);
  const { alpha, backtracks } = stepLength(obj.f, x, obj.f(x), g, p, opts.step);
  const xNext = takeStep(x, alpha, p);
  const fNext = obj.f(xNext);
  const row: TraceRow = { x, g, p, alpha, backtracks, xNext, fNext };
  if (opts.method === 'bfgs') row.H = memory.H;
  const s = xNext.map((v, i) => v - x[i]);
  const y = obj.grad(xNext).map((v, i) => v - g[i]);
  return { row, memory: updateMemory(memory, s, y, opts) };
}

/** The first memory of a method: BFGS starts from H0 (default I), L-BFGS with no pairs. */
export function initialMemory(n: number, opts: TraceOptions, H0?: Mat): TraceMemory {
  if (opts.method === 'bfgs') return { H: H0 ? H0.map((r) => [...r]) : identity(n) };
  if (opts.method === 'lbfgs') return { S: [], Y: [] };
  return {};
}

/** `rows` iterations from x0: the reference trace. MathError when a step cannot be taken. */
export function runTrace(obj: TraceObjective, x0: Vec, rows: number, opts: TraceOptions, H0?: Mat): TraceRow[] {
  const out: TraceRow[] = [];
  let x = x0;
  let memory = initialMemory(x0.length, opts, H0);
  for (let k = 0; k < rows; k++) {
    const it = traceIteration(obj, x, memory, opts);
    out.push(it.row);
    x = it.row.xNext;
    memory = it.memory;
  }
  return out;
}
