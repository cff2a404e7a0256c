/**
 * A plotting-speed evaluator: turns a function already accepted by lib/math's
 * compileFunction into a tree of plain JavaScript closures over Math, so sampling a
 * 200×200 grid costs a few milliseconds instead of the tens that mathjs's typed dispatch
 * takes. Real arithmetic only: wherever mathjs would give a complex number (lib/math reads
 * it as NaN) Math gives NaN too. Used for contour grids; optimiser paths keep lib/math.
 */
import { parse, type MathNode } from 'mathjs';
import { compileFunction } from '@/lib/math';

type Fn = (x: Float64Array) => number;

const UNARY: Record<string, (v: number) => number> = {
  sqrt: Math.sqrt, cbrt: Math.cbrt, exp: Math.exp, log10: Math.log10, abs: Math.abs,
  sin: Math.sin, cos: Math.cos, tan: Math.tan,
  sec: (v) => 1 / Math.cos(v), csc: (v) => 1 / Math.sin(v), cot: (v) => 1 / Math.tan(v),
  asin: Math.asin, acos: Math.acos, atan: Math.atan,
  asec: (v) => Math.acos(1 / v), acsc: (v) => Math.asin(1 / v), acot: (v) => Math.atan(1 / v),
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  sech: (v) => 1 / Math.cosh(v), csch: (v) => 1 / Math.sinh(v), coth: (v) => 1 / Math.tanh(v),
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  asech: (v) => Math.acosh(1 / v), acsch: (v) => Math.asinh(1 / v), acoth: (v) => Math.atanh(1 / v),
};

/** The real n-th root: negative radicands have one for odd n (as mathjs's nthRoot). */
function nthRoot(a: number, n: number): number {
  if (a < 0 && Number.isInteger(n) && n % 2 !== 0) return -Math.pow(-a, 1 / n);
  return Math.pow(a, 1 / n);
}

/** Closure for one node, or null when the node is outside what this evaluator knows. */
function build(node: MathNode, vars: readonly string[]): Fn | null {
  const n = node as MathNode & { type: string; [k: string]: unknown };
  switch (n.type) {
    case 'ConstantNode': {
      const v = Number(n.value);
      return Number.isNaN(v) ? null : () => v;
    }
    case 'SymbolNode': {
      const i = vars.indexOf(n.name as string);
      if (i >= 0) return (x) => x[i];
      if (n.name === 'pi') return () => Math.PI;
      if (n.name === 'e') return () => Math.E;
      return null;
    }
    case 'ParenthesisNode':
      return build(n.content as MathNode, vars);
    case 'OperatorNode': {
      const args = (n.args as MathNode[]).map((a) => build(a, vars));
      if (args.some((a) => a === null)) return null;
      const [a, b] = args as Fn[];
      switch (n.fn) {
        case 'add': return (x) => a(x) + b(x);
        case 'subtract': return (x) => a(x) - b(x);
        case 'multiply': return (x) => a(x) * b(x);
        case 'divide': return (x) => a(x) / b(x);
        case 'pow': return (x) => Math.pow(a(x), b(x));
        case 'unaryMinus': return (x) => -a(x);
        case 'unaryPlus': return a;
        default: return null;
      }
    }
    case 'FunctionNode': {
      const name = (n.fn as { name?: string }).name ?? '';
      const args = (n.args as MathNode[]).map((a) => build(a, vars));
      if (args.some((a) => a === null)) return null;
      const [a, b] = args as Fn[];
      if (args.length === 1 && UNARY[name]) {
        const g = UNARY[name];
        return (x) => g(a(x));
      }
      if (name === 'log' && args.length === 1) return (x) => Math.log(a(x));
      if (name === 'log' && args.length === 2) return (x) => Math.log(a(x)) / Math.log(b(x));
      if (name === 'pow' && args.length === 2) return (x) => Math.pow(a(x), b(x));
      if (name === 'nthRoot' && args.length === 1) return (x) => Math.sqrt(a(x));
      if (name === 'nthRoot' && args.length === 2) return (x) => nthRoot(a(x), b(x));
      return null;
    }
    default:
      return null;
  }
}

/**
 * f(vars) as a fast (x: Float64Array) => number. The text is first checked by
 * compileFunction (same errors: MathError for a bad formula); anything this evaluator does
 * not know falls back to lib/math's compiled f.
 */
export function fastFunction(f: string, vars: readonly string[]): (x: Float64Array) => number {
  const compiled = compileFunction(f, [...vars]);
  const fn = build(parse(compiled.expr), vars);
  if (fn) return fn;
  return (x) => compiled.f(Array.from(x));
}
