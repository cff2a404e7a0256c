/**
 * Whole optimisers in the style of scipy.optimize: gradient descent, Newton, BFGS and
 * L-BFGS behind one `minimize` call that always returns the same result shape, and the
 * strong-Wolfe line search they share. Used by the figures to draw paths and by tests.
 */
import { MathError } from './errors';
import { dot, identity, norm2, solve, type Mat, type Vec } from './linalg';
import { bfgsInverseUpdate, lbfgsTwoLoop } from './quasinewton';
import { smallStep, type StopRule } from './stop';

/** What every optimiser returns. */
export interface OptimizeResult {
  /** The last iterate. */
  x: Vec;
  /** f at x. */
  f: number;
  /** ∇f at x. */
  grad: Vec;
  /** Iterations (steps) taken. */
  nit: number;
  /** x_0, x_1, …, x_nit. */
  path: Vec[];
  /** Why the run stopped, in words. */
  message: string;
  /** True when the stop rule was met (false: iteration budget, non-finite values, failed line search, singular Hessian). */
  converged: boolean;
  /** Number of evaluations of f. */
  nfev: number;
}

/** A function to minimise, with its gradient and (for Newton) its Hessian. */
export interface Objective {
  f(x: Vec): number;
  grad(x: Vec): Vec;
  hess?(x: Vec): Mat;
}

/** Options of the line search; see wolfeLineSearch. */
export interface LineSearchOptions {
  c1?: number;
  c2?: number;
  alpha0?: number;
  maxIter?: number;
}

/** Result of the line search: f and ∇f at the accepted point come with it when ok. */
export interface LineSearchResult {
  alpha: number;
  ok: boolean;
  nfev: number;
  f?: number;
  grad?: Vec;
}

interface Trial {
  a: number;
  phi: number; // f(x + a d)
  dphi: number; // ∇f(x + a d)·d
  g: Vec;
}

/** Largest step the bracketing phase tries. */
const ALPHA_MAX = 1e10;

/**
 * Minimiser of the cubic that matches φ and φ' at two trial steps (Nocedal & Wright,
 * eq. 3.59), kept inside the middle 80% of the interval; bisection when the cubic has no
 * usable minimiser there.
 */
function interpolate(p: Trial, q: Trial): number {
  const lo = Math.min(p.a, q.a);
  const hi = Math.max(p.a, q.a);
  const mid = (lo + hi) / 2;
  const d1 = p.dphi + q.dphi - (3 * (p.phi - q.phi)) / (p.a - q.a);
  const disc = d1 * d1 - p.dphi * q.dphi;
  if (!(disc >= 0) || !Number.isFinite(d1)) return mid;
  const d2 = Math.sign(q.a - p.a) * Math.sqrt(disc);
  const a = q.a - ((q.a - p.a) * (q.dphi + d2 - d1)) / (q.dphi - p.dphi + 2 * d2);
  const margin = 0.1 * (hi - lo);
  return a >= lo + margin && a <= hi - margin ? a : mid;
}

/**
 * A step length α along d satisfying the strong Wolfe conditions
 *   f(x + αd) ≤ f(x) + c1·α·∇f(x)ᵀd   and   |∇f(x + αd)ᵀd| ≤ c2·|∇f(x)ᵀd|,
 * by bracketing and zoom (Nocedal & Wright, algorithms 3.5 and 3.6) with safeguarded
 * cubic interpolation. Defaults: c1 = 1e-4, c2 = 0.9, first trial α0 = 1, at most
 * maxIter = 30 trial points. Each trial evaluates f and ∇f once; `nfev` counts them,
 * including the one at α = 0. `ok` is false when d is not a descent direction or no
 * acceptable step was found within the budget.
 */
export function wolfeLineSearch(obj: Objective, x: Vec, d: Vec, opts: LineSearchOptions = {}): LineSearchResult {
  const { c1 = 1e-4, c2 = 0.9, alpha0 = 1, maxIter = 30 } = opts;
  if (!(0 < c1 && c1 < c2 && c2 < 1)) throw new MathError(`the line search needs 0 < c1 < c2 < 1 (got c1 = ${c1}, c2 = ${c2})`);
  if (d.length !== x.length) throw new MathError(`the direction has ${d.length} entries but x has ${x.length}`);
  let nfev = 0;
  const trial = (a: number): Trial => {
    nfev++;
    const p = x.map((xi, i) => xi + a * d[i]);
    const g = obj.grad(p);
    return { a, phi: obj.f(p), dphi: dot(g, d), g };
  };
  const start = trial(0);
  const fail = (): LineSearchResult => ({ alpha: 0, ok: false, nfev });
  if (!(start.dphi < 0) || !Number.isFinite(start.phi)) return fail();
  const accept = (t: Trial): LineSearchResult => ({ alpha: t.a, ok: true, nfev, f: t.phi, grad: t.g });
  const armijo = (t: Trial) => t.phi <= start.phi + c1 * t.a * start.dphi; // false for NaN
  const curvature = (t: Trial) => Math.abs(t.dphi) <= -c2 * start.dphi;

  // Zoom: lo satisfies sufficient decrease with the lowest φ so far; the minimiser lies between lo and hi.
  const zoom = (lo: Trial, hi: Trial): LineSearchResult => {
    while (nfev < maxIter) {
      const a = Number.isFinite(hi.phi) && Number.isFinite(hi.dphi) ? interpolate(lo, hi) : (lo.a + hi.a) / 2;
      if (a === lo.a || a === hi.a) break; // the interval has shrunk to nothing
      const t = trial(a);
      if (!armijo(t) || t.phi >= lo.phi) {
        hi = t;
      } else {
        if (curvature(t)) return accept(t);
        if (t.dphi * (hi.a - lo.a) >= 0) hi = lo;
        lo = t;
      }
    }
    return fail();
  };

  let prev = start;
  let a = Math.min(alpha0, ALPHA_MAX);
  while (nfev < maxIter) {
    const t = trial(a);
    if (!armijo(t) || (prev.a > 0 && t.phi >= prev.phi)) return zoom(prev, t);
    if (curvature(t)) return accept(t);
    if (t.dphi >= 0) return zoom(t, prev);
    if (a >= ALPHA_MAX) break;
    prev = t;
    a = Math.min(2 * a, ALPHA_MAX);
  }
  return fail();
}

/** Options of minimize. */
export interface MinimizeOptions {
  method: 'gd' | 'newton' | 'bfgs' | 'lbfgs';
  /** Step size of gd (required without a line search); first trial step of the line search otherwise. */
  lr?: number;
  /** Default 'wolfe' for bfgs and lbfgs, 'none' for gd and newton. */
  lineSearch?: 'wolfe' | 'none';
  /** Pairs kept by lbfgs (default 10). */
  m?: number;
  /** Tolerance of the stop rule (default 1e-6). */
  tol?: number;
  /** Default 'grad-norm'. */
  stop?: StopRule;
  /** Iteration budget (default 1000). */
  maxIter?: number;
  /** Initial inverse-Hessian approximation of bfgs (default: see minimize). */
  H0?: Mat;
}

/**
 * Minimises obj from x0 and returns an OptimizeResult (x, f, grad, nit, path from x0,
 * message, converged, nfev).
 * - gd: x ← x − lr·∇f with a fixed lr, or along −∇f with a Wolfe line search;
 * - newton: x ← x + p with H p = −∇f (needs obj.hess); full steps unless lineSearch 'wolfe';
 * - bfgs: inverse form H⁺ = (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ with a Wolfe line search. With no
 *   H0 given, H = I for the first step and, just before the first update, H is rescaled to
 *   (yᵀs/yᵀy)·I (Nocedal & Wright eq. 6.20); a given H0 is used as is. The update is skipped
 *   when yᵀs ≤ 1e-10;
 * - lbfgs: the two-loop recursion over the last m pairs (default 10), Wolfe line search,
 *   pairs with yᵀs ≤ 1e-10 are not stored.
 * Without a given lr, the line search first tries α0 = 1, except at the first iteration of gd,
 * lbfgs and bfgs without H0, where the direction is −∇f itself: there α0 = min(1, 1/‖∇f(x0)‖).
 * Stop rules as in countIterations: grad-norm and loss test x_k before a step, step rules
 * compare x_k with x_{k+1} after it; nit counts the steps taken. The run stops with
 * converged = false and a message on a non-finite f or ∇f, a failed line search, a
 * singular Hessian (newton) or when maxIter steps were taken.
 */
export function minimize(obj: Objective, x0: Vec, opts: MinimizeOptions): OptimizeResult {
  const { method, lr, m = 10, tol = 1e-6, stop = 'grad-norm', maxIter = 1000, H0 } = opts;
  const lineSearch = opts.lineSearch ?? (method === 'bfgs' || method === 'lbfgs' ? 'wolfe' : 'none');
  if (!['gd', 'newton', 'bfgs', 'lbfgs'].includes(method)) throw new MathError(`unknown method "${String(method)}"`);
  if (method === 'gd' && lineSearch === 'none' && !(typeof lr === 'number' && lr > 0)) {
    throw new MathError('gradient descent without a line search needs a positive lr');
  }
  if (method === 'newton' && !obj.hess) throw new MathError('the Newton method needs obj.hess');
  if (!(tol >= 0)) throw new MathError(`tol must be a non-negative number, got ${tol}`);
  if (!Number.isInteger(m) || m < 1) throw new MathError(`m must be a whole number ≥ 1, got ${m}`);
  const n = x0.length;
  if (H0 && (H0.length !== n || H0.some((row) => row.length !== n))) throw new MathError(`H0 must be ${n}×${n}`);

  let nfev = 0;
  const f = (p: Vec) => {
    nfev++;
    return obj.f(p);
  };
  const counted: Objective = { f, grad: obj.grad, hess: obj.hess };

  let x = [...x0];
  let fx = f(x);
  let g = obj.grad(x);
  const path: Vec[] = [x];
  let H = H0 ? H0.map((row) => [...row]) : identity(n);
  let scaleH = !H0;
  const S: Vec[] = [];
  const Y: Vec[] = [];

  const done = (nit: number, converged: boolean, message: string): OptimizeResult => ({ x, f: fx, grad: g, nit, path, message, converged, nfev });
  const finiteState = () => Number.isFinite(fx) && g.every(Number.isFinite) && x.every(Number.isFinite);

  for (let k = 0; ; k++) {
    if (!finiteState()) return done(k, false, `f or its gradient is not finite at iterate ${k}`);
    if (stop === 'grad-norm' && norm2(g) <= tol) return done(k, true, `converged: ‖∇f‖ ≤ ${tol}`);
    if (stop === 'loss' && fx <= tol) return done(k, true, `converged: f ≤ ${tol}`);
    if (k >= maxIter) return done(k, false, `maximum number of iterations (${maxIter}) reached`);

    // Search direction.
    let d: Vec;
    if (method === 'gd') {
      d = g.map((v) => -v);
    } else if (method === 'newton') {
      try {
        d = solve(obj.hess!(x), g.map((v) => -v));
      } catch (err) {
        if (err instanceof MathError) return done(k, false, `the Hessian is singular at iterate ${k}; the Newton step is not defined`);
        throw err;
      }
    } else if (method === 'bfgs') {
      d = H.map((row) => -dot(row, g));
    } else {
      d = lbfgsTwoLoop(g, S, Y).d;
    }

    // Step length and the next point (f and ∇f there come from the line search when there is one).
    let xNext: Vec;
    let fNext: number;
    let gNext: Vec;
    if (lineSearch === 'wolfe') {
      // The first direction of gd, lbfgs and bfgs without H0 is −∇f itself, with no natural
      // scale: its first trial step is capped at 1/‖∇f‖. Other directions try α = 1 first.
      const firstRaw = k === 0 && (method === 'gd' || method === 'lbfgs' || (method === 'bfgs' && !H0));
      const alpha0 = lr ?? (firstRaw ? Math.min(1, 1 / norm2(g)) : 1);
      const ls = wolfeLineSearch(counted, x, d, { alpha0 });
      if (!ls.ok) return done(k, false, `the line search found no step satisfying the Wolfe conditions at iterate ${k}`);
      xNext = x.map((xi, i) => xi + ls.alpha * d[i]);
      fNext = ls.f!;
      gNext = ls.grad!;
    } else {
      const alpha = method === 'gd' ? lr! : 1;
      xNext = x.map((xi, i) => xi + alpha * d[i]);
      fNext = f(xNext);
      gNext = obj.grad(xNext);
    }
    const s = xNext.map((v, i) => v - x[i]);
    const y = gNext.map((v, i) => v - g[i]);
    const prev = x;
    x = xNext;
    fx = fNext;
    g = gNext;
    path.push(x);

    // Curvature information for the quasi-Newton methods.
    const ys = dot(y, s);
    if (ys > 1e-10 && Number.isFinite(ys)) {
      if (method === 'bfgs') {
        if (scaleH) {
          H = identity(n).map((row) => row.map((v) => (v * ys) / dot(y, y)));
          scaleH = false;
        }
        H = bfgsInverseUpdate(H, s, y).H;
      } else if (method === 'lbfgs') {
        S.push(s);
        Y.push(y);
        if (S.length > m) {
          S.shift();
          Y.shift();
        }
      }
    }

    if (stop === 'rel-step' || stop === 'abs-step') {
      if (smallStep(stop, prev, x, tol) && finiteState()) return done(k + 1, true, `converged: the ${stop === 'abs-step' ? 'step' : 'relative step'} is ≤ ${tol}`);
    }
  }
}
