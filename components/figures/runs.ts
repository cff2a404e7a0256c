/**
 * The optimiser runs the path and loss figures draw: one objective compiled once (with κ as
 * an extra variable when f uses it), then gradient descent, Newton, BFGS and L-BFGS through
 * lib/math's `minimize`, and diagonally preconditioned gradient descent. Pure: no React.
 */
import { compileFunction, definiteness, gdOptimalStep, minimize, norm2, symEig, type CompiledFunction, type Mat, type Vec } from '@/lib/math';

/** The methods a figure can draw. */
export const METHODS = ['gd', 'newton', 'bfgs', 'lbfgs', 'preconditioned'] as const;
export type Method = (typeof METHODS)[number];

/** How each method is named in the figures. */
export const METHOD_LABELS: Record<Method, string> = {
  gd: 'Gradient descent',
  newton: 'Newton',
  bfgs: 'BFGS',
  lbfgs: 'L-BFGS',
  preconditioned: 'Preconditioned GD',
};

/** f(x, y) (or of the lesson's vars) with κ fixed: what the figures evaluate. */
export interface Surface {
  vars: string[];
  f(x: Vec): number;
  grad(x: Vec): Vec;
  hess(x: Vec): Mat;
}

/** True when the function text uses the symbol kappa. */
export function usesKappa(f: string): boolean {
  return /\bkappa\b/.test(f);
}

/**
 * Compiles f once and fixes κ: when f mentions `kappa` it is compiled with kappa as a last
 * extra variable, so changing κ costs no new symbolic work. Throws MathError for a bad f.
 */
export function makeSurface(f: string, vars: string[], kappa: number): Surface {
  if (!usesKappa(f)) {
    const c = compileFunction(f, vars);
    return { vars, f: c.f, grad: c.grad, hess: c.hess };
  }
  const c: CompiledFunction = compileFunction(f, [...vars, 'kappa']);
  const n = vars.length;
  const at = (x: Vec) => [...x, kappa];
  return {
    vars,
    f: (x) => c.f(at(x)),
    grad: (x) => c.grad(at(x)).slice(0, n),
    hess: (x) => c.hess(at(x)).slice(0, n).map((row) => row.slice(0, n)),
  };
}

/**
 * The default fixed step at x0: the best step 2/(λmin + λmax) when the Hessian there is
 * positive definite (exact for a quadratic), else 1/max|λ| (or 0.1 when the Hessian is 0).
 */
export function defaultStep(s: Surface, x0: Vec): number {
  const H = s.hess(x0);
  if (!H.every((row) => row.every(Number.isFinite))) return 0.1;
  if (definiteness(H) === 'positive definite') return gdOptimalStep(H);
  const big = Math.max(...symEig(H).values.map(Math.abs));
  return big > 0 ? 1 / big : 0.1;
}

/** One drawn run: the iterates, f at each of them, and why it stopped. */
export interface Run {
  method: Method;
  start: Vec;
  path: Vec[];
  values: number[];
  converged: boolean;
  message: string;
}

/** Settings of a run: the fixed step of gd/preconditioned, the L-BFGS memory and the step cap. */
export interface RunOptions {
  lr: number;
  m: number;
  steps: number;
  /** Stop once ‖∇f‖ ≤ tol (default 1e-8). */
  tol?: number;
}

/**
 * Runs one method from x0. gd uses the fixed step lr; newton full steps; bfgs and lbfgs a
 * Wolfe line search (memory m); preconditioned is x ← x − lr·D⁻¹∇f with D the absolute
 * diagonal of the Hessian at the current point (entries below 1e-12 count as 1). Never
 * throws for a failing run: it stops and says why in `message`.
 */
export function runMethod(s: Surface, x0: Vec, method: Method, opts: RunOptions): Run {
  const tol = opts.tol ?? 1e-8;
  const finish = (path: Vec[], converged: boolean, message: string): Run => ({
    method,
    start: x0,
    path,
    values: path.map((p) => s.f(p)),
    converged,
    message,
  });
  if (method === 'preconditioned') {
    const path: Vec[] = [x0];
    let x = x0;
    for (let k = 0; k < opts.steps; k++) {
      const g = s.grad(x);
      if (!g.every(Number.isFinite)) return finish(path, false, `the gradient is not finite at iterate ${k}`);
      if (norm2(g) <= tol) return finish(path, true, `converged: ‖∇f‖ ≤ ${tol}`);
      const H = s.hess(x);
      x = x.map((xi, i) => {
        const d = Math.abs(H[i][i]);
        return xi - (opts.lr * g[i]) / (d > 1e-12 ? d : 1);
      });
      path.push(x);
    }
    const converged = norm2(s.grad(x)) <= tol;
    return finish(path, converged, converged ? `converged: ‖∇f‖ ≤ ${tol}` : `stopped after ${opts.steps} steps`);
  }
  try {
    const res = minimize(s, x0, {
      method,
      lr: method === 'gd' ? opts.lr : undefined,
      m: opts.m,
      tol,
      maxIter: opts.steps,
    });
    return finish(res.path, res.converged, res.converged ? `converged: ‖∇f‖ ≤ ${tol}` : res.message);
  } catch (err) {
    return finish([x0], false, err instanceof Error ? err.message : String(err));
  }
}

/** The first iteration k with values[k] < level, or undefined when the run never gets there. */
export function firstBelow(values: readonly number[], level: number): number | undefined {
  const k = values.findIndex((v) => v < level);
  return k < 0 ? undefined : k;
}
