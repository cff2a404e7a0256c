/**
 * Helpers shared by the kinds whose spec holds a function `f` of `vars`: compiling it
 * with author-facing errors, checking point dimensions, and writing the KaTeX of
 * prompts and worked steps (function definitions, substituted expressions).
 */
import { ConstantNode, ParenthesisNode, parse, type MathNode } from 'mathjs';
import { compileFunction } from '@/lib/math';
import { asSpecError, requireSpec } from './spec';
import { texNumber } from './latex';

/** A compiled function of the spec (value, gradient, Hessian, symbolic partials). */
export type CompiledFunction = ReturnType<typeof compileFunction>;

/** Compiles `f` in `vars` (cached by lib/math); any failure becomes SpecError('f', …). */
export function compileSpecFunction(f: string, vars: string[]): CompiledFunction {
  return asSpecError('f', () => compileFunction(f, vars));
}

/** Throws SpecError(field, …) unless `v` has one entry per variable. */
export function requirePoint(field: string, v: readonly number[], vars: readonly string[]): void {
  requireSpec(
    v.length === vars.length,
    field,
    `expected ${vars.length} entries (one per variable ${vars.join(', ')}), got ${v.length}`,
  );
}

/**
 * Evaluates `compute` at a point; a throw or a non-finite result becomes
 * SpecError(field, …) saying the function is not defined (or not smooth) there.
 */
export function evaluateAt<T extends number | number[] | number[][]>(field: string, what: string, compute: () => T): T {
  const value = asSpecError(field, compute);
  const flat = ([] as unknown[]).concat(value).flat() as number[];
  requireSpec(flat.every(Number.isFinite), field, `${what} is not finite at this point`);
  return value;
}

/** A variable name as KaTeX: "x1" and "x_1" become x_{1}, Greek names get a backslash. */
export function texVar(name: string): string {
  const m = /^([A-Za-z]+)_?([0-9]+)$/.exec(name);
  const base = m ? m[1] : name;
  const texBase = GREEK.has(base) ? `\\${base}` : base.length > 1 ? `\\mathrm{${base}}` : base;
  return m ? `${texBase}_{${m[2]}}` : texBase;
}

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega',
]);

/** "f(x, y)" with the spec's variables. */
export function texFnOf(vars: readonly string[]): string {
  return `f(${vars.map(texVar).join(', ')})`;
}

/** "f(x, y) = <f as KaTeX>". */
export function texFnDef(fn: CompiledFunction, vars: readonly string[]): string {
  return `${texFnOf(vars)} = ${fn.tex}`;
}

/**
 * KaTeX of a mathjs expression with the variables replaced by the numbers of `x`
 * (negative numbers in parentheses), unsimplified: "6*x" at x = 2 → "6\cdot2".
 * Shows the substitution step of a worked solution.
 */
export function substituteTex(expr: string, vars: readonly string[], x: readonly number[]): string {
  const node = parse(expr).transform((n: MathNode, _path: string, parent: MathNode | null) => {
    if (n.type === 'SymbolNode') {
      const i = vars.indexOf((n as unknown as { name: string }).name);
      if (i >= 0) {
        const c = new ConstantNode(x[i]);
        // a function's argument is in parentheses already: exp(-1), not exp((-1))
        return x[i] < 0 && parent?.type !== 'FunctionNode' ? new ParenthesisNode(c) : c;
      }
    }
    return n;
  });
  return node.toTex({ parenthesis: 'keep' });
}

/** The gradient's symbolic partials as "\frac{\partial f}{\partial x} = …" lines, aligned. */
export function texPartials(fn: CompiledFunction, vars: readonly string[]): string {
  const rows = fn.gradTex.map((t, i) => `\\frac{\\partial f}{\\partial ${texVar(vars[i])}} &= ${t}`);
  return `\\begin{aligned}${rows.join('\\\\')}\\end{aligned}`;
}

/** "(1, 2)" for a point, with texNumber entries. */
export function texAt(x: readonly number[]): string {
  return `(${x.map(texNumber).join(', ')})`;
}
