/**
 * Functions given as mathjs strings: checking them, differentiating them symbolically
 * once, and evaluating value, gradient and Hessian fast afterwards.
 *
 * The strings come from course authors (exercise specs), not from students, so the full
 * mathjs parser is used; it is still limited to arithmetic, powers, the known elementary
 * functions, the constants pi and e, and the declared variables.
 *
 * Derivatives are taken with `derivative(…, { simplify: false })` and then tidied by the
 * cheap `simplifyCore` / `simplifyConstant` passes instead of the full rule-based
 * `simplify`: the full pass costs 10–70 ms per function (measured warm), the cheap one
 * well under a few ms, and the results are mathematically the same expressions.
 */
import {
  derivative, parse, simplifyConstant, simplifyCore,
  type ConstantNode, type EvalFunction, type FunctionNode, type MathNode, type OperatorNode, type SymbolNode,
} from 'mathjs';
import { displayTex } from './tex';
import { MathError } from './errors';
import { exact, NotExact, type ExactForm } from './exact';
import { intendedDecimal } from './rational';
import type { Mat, Vec } from './linalg';

/** A function of several variables, compiled once with its symbolic first and second partials. */
export interface CompiledFunction {
  /** The variables, in the order of the points passed to f/grad/hess. */
  vars: string[];
  /** The normalised mathjs string of f. */
  expr: string;
  /** KaTeX of f. */
  tex: string;
  /** f(x). NaN/±Infinity (and complex values, as NaN) are returned as they come. */
  f(x: Vec): number;
  /** ∇f(x), from the symbolic partials. */
  grad(x: Vec): Vec;
  /** The Hessian at x, from the symbolic second partials (exactly symmetric). */
  hess(x: Vec): Mat;
  /** ∂f/∂vars[i] as mathjs strings, e.g. "3 * x ^ 2 + 2 * y". */
  gradExpr: string[];
  /** ∂²f/∂vars[i]∂vars[j] as mathjs strings; hessExpr[j][i] is the same string as hessExpr[i][j]. */
  hessExpr: string[][];
  /** KaTeX of gradExpr. */
  gradTex: string[];
  /** KaTeX of hessExpr. */
  hessTex: string[][];
}

/** The constants a function may use besides its variables. */
const CONSTANTS = new Set(['pi', 'e']);

/**
 * The functions an author's expression may call: the elementary functions mathjs can
 * differentiate, and sign, max, min and log2 (for reference answers; mathjs cannot
 * differentiate them, so compileFunction refuses them in an f with that message). The
 * same names, with the same meaning, as a student's answer may use (lib/answers/functions).
 */
export const AUTHOR_FUNCTIONS: ReadonlySet<string> = new Set([
  'sqrt', 'cbrt', 'nthRoot', 'pow', 'exp', 'log', 'log10', 'log2', 'abs', 'sign', 'max', 'min',
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'asec', 'acsc', 'acot',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'asech', 'acsch', 'acoth',
]);

/** The operators a function may use. */
const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

/** Names that cannot be variables: mathjs constants and keywords, and the allowed functions. */
const RESERVED = new Set([
  'pi', 'e', 'i', 'E', 'PI', 'tau', 'phi', 'Infinity', 'NaN', 'null', 'undefined', 'true', 'false',
  'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT1_2', 'SQRT2', 'version',
  'and', 'or', 'xor', 'not', 'mod', 'to', 'in', 'end',
  ...AUTHOR_FUNCTIONS,
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws MathError unless `vars` is a non-empty list of distinct identifiers that are not reserved. */
function checkVars(vars: readonly string[]): void {
  if (!Array.isArray(vars) || vars.length === 0) throw new MathError('vars must list at least one variable');
  const seen = new Set<string>();
  for (const v of vars) {
    if (typeof v !== 'string' || !IDENTIFIER.test(v)) {
      throw new MathError(`variable ${JSON.stringify(v)} is not a valid name (use letters, digits and _, starting with a letter)`);
    }
    if (RESERVED.has(v)) throw new MathError(`"${v}" cannot be a variable: it is a constant or function name of mathjs`);
    if (seen.has(v)) throw new MathError(`variable "${v}" is listed twice in vars`);
    seen.add(v);
  }
}

/**
 * Parses `expr` and checks that it only uses numbers, the variables, pi and e, the
 * operators + − * / ^ and the allowed functions. `what` names the input in messages.
 */
function parseChecked(expr: string, vars: readonly string[], what: string): MathNode {
  if (typeof expr !== 'string' || expr.trim() === '') throw new MathError(`${what} is empty`);
  let node: MathNode;
  try {
    node = parse(expr);
  } catch (err) {
    throw new MathError(`could not parse ${what} "${expr}": ${(err as Error).message}`);
  }
  const varSet = new Set(vars);
  node.traverse((n: MathNode, path: string, parent: MathNode | null) => {
    switch (n.type) {
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
        throw new MathError(`${what} must be an expression, not an assignment or a function definition`);
      case 'BlockNode':
        throw new MathError(`${what} must be a single expression (found several separated by ";" or a new line)`);
      case 'ParenthesisNode':
        return;
      case 'ConstantNode':
        if (typeof (n as ConstantNode).value !== 'number') throw new MathError(`${what} may only contain numbers, not ${JSON.stringify((n as ConstantNode).value)}`);
        return;
      case 'OperatorNode': {
        const op = n as OperatorNode;
        if (!OPERATORS.has(op.fn)) throw new MathError(`${what} may only use the operators + - * / ^, not "${op.op}"`);
        return;
      }
      case 'FunctionNode': {
        const fn = (n as FunctionNode).fn;
        const name = fn.type === 'SymbolNode' ? (fn as SymbolNode).name : '';
        if (!AUTHOR_FUNCTIONS.has(name)) throw new MathError(`unknown function "${name || fn.toString()}" in ${what}`);
        return;
      }
      case 'SymbolNode': {
        if (parent?.type === 'FunctionNode' && path === 'fn') return;
        const name = (n as SymbolNode).name;
        if (!varSet.has(name) && !CONSTANTS.has(name)) {
          throw new MathError(`unknown symbol "${name}" in ${what} (the variables are ${vars.join(', ')}; the constants pi and e)`);
        }
        return;
      }
      default:
        throw new MathError(`${what} may only use numbers, variables, + - * / ^, parentheses and functions such as sin, exp, log (found "${n.toString()}")`);
    }
  });
  return node;
}

/** ∂node/∂v, tidied by the cheap simplification passes. */
function partial(node: MathNode, v: string): MathNode {
  try {
    return simplifyCore(simplifyConstant(simplifyCore(derivative(node, v, { simplify: false }))));
  } catch (err) {
    throw new MathError(`cannot differentiate "${node.toString()}" with respect to ${v}: ${(err as Error).message}`);
  }
}

/** A mathjs result as a real number: complex values with a non-zero imaginary part become NaN. */
function toReal(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 're' in value && 'im' in value) {
    const { re, im } = value as { re: number; im: number };
    return im === 0 ? re : NaN;
  }
  return NaN;
}

/** A bounded cache that forgets the least recently used entry when full. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.set(key, v);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
  }
}

const CACHE_SIZE = 500;
const functionCache = new BoundedCache<CompiledFunction>(CACHE_SIZE);
const exprCache = new BoundedCache<(x: Vec) => number>(CACHE_SIZE);

function cacheKey(expr: string, vars: readonly string[]): string {
  return JSON.stringify([expr, vars]);
}

/** `make()` on the first call, the same value on every later one. */
function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

/**
 * An evaluator for compiled expressions of the same variables: it loads the point into
 * one reusable scope, then evaluates (no parsing happens here).
 */
function makeScope(vars: readonly string[]): (x: Vec) => Map<string, number> {
  const scope = new Map<string, number>();
  return (x) => {
    if (x.length !== vars.length) throw new MathError(`expected a point with ${vars.length} coordinates (${vars.join(', ')}), got ${x.length}`);
    for (let i = 0; i < vars.length; i++) scope.set(vars[i], x[i]);
    return scope;
  };
}

/**
 * Compiles f(vars) with its symbolic gradient and Hessian. Derivatives are taken once
 * and compiled; f/grad/hess afterwards only evaluate compiled code (about a microsecond
 * per entry). Results are cached by (f, vars) in a bounded map (500 entries, least
 * recently used evicted). Throws MathError for a parse error (with the position), a
 * symbol that is neither a variable nor pi/e (named in the message), an unknown function,
 * duplicate or invalid variable names, and assignments or function definitions.
 */
export function compileFunction(f: string, vars: string[]): CompiledFunction {
  const key = cacheKey(f, vars);
  const hit = functionCache.get(key);
  if (hit) return hit;

  checkVars(vars);
  const node = parseChecked(f, vars, 'f');
  const n = vars.length;
  const gradNodes = vars.map((v) => partial(node, v));
  const hessNodes: MathNode[][] = Array.from({ length: n }, () => new Array<MathNode>(n));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      hessNodes[i][j] = partial(gradNodes[i], vars[j]);
      hessNodes[j][i] = hessNodes[i][j];
    }
  }

  // Compiled code, mathjs strings and KaTeX are made when first asked for, once: a kind that
  // needs only the gradient never compiles the Hessian, and a variant whose prompt is not shown
  // never writes its KaTeX (check-content's sweep solves 200 variants per exercise). Each is a
  // pure function of the trees above, so when it is made does not change what it is.
  const fCode = once(() => node.compile());
  const gCode = once(() => gradNodes.map((g) => g.compile()));
  const hCode = once((): EvalFunction[][] => hessNodes.map((row) => row.map((h) => h.compile())));
  const load = makeScope(vars);
  const frozen = <T>(a: T[]): T[] => Object.freeze(a) as T[];
  const expr = once(() => node.toString());
  const tex = once(() => displayTex(node));
  const gradExpr = once(() => frozen(gradNodes.map((g) => g.toString())));
  const hessExpr = once(() => frozen(hessNodes.map((row) => frozen(row.map((h) => h.toString())))));
  const gradTex = once(() => frozen(gradNodes.map(displayTex)));
  const hessTex = once(() => frozen(hessNodes.map((row) => frozen(row.map(displayTex)))));

  const compiled: CompiledFunction = Object.freeze({
    vars: frozen([...vars]),
    get expr() {
      return expr();
    },
    get tex() {
      return tex();
    },
    f: (x: Vec) => toReal(fCode().evaluate(load(x))),
    grad: (x: Vec) => {
      const scope = load(x);
      return gCode().map((c) => toReal(c.evaluate(scope)));
    },
    hess: (x: Vec) => {
      const scope = load(x);
      const code = hCode();
      const H: Mat = Array.from({ length: n }, () => new Array<number>(n));
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          H[i][j] = toReal(code[i][j].evaluate(scope));
          H[j][i] = H[i][j];
        }
      }
      return H;
    },
    get gradExpr() {
      return gradExpr();
    },
    get hessExpr() {
      return hessExpr();
    },
    get gradTex() {
      return gradTex();
    },
    get hessTex() {
      return hessTex();
    },
  });
  functionCache.set(key, compiled);
  return compiled;
}

/**
 * Evaluates one expression of `vars` at the point x, with the same checks as
 * compileFunction. The compiled expression is cached by (expr, vars), so repeated
 * calls do not parse again. NaN/±Infinity are returned as they come.
 */
export function evalExpr(expr: string, vars: string[], x: Vec): number {
  const key = cacheKey(expr, vars);
  let evaluate = exprCache.get(key);
  if (!evaluate) {
    checkVars(vars);
    const code = parseChecked(expr, vars, 'the expression').compile();
    const load = makeScope(vars);
    evaluate = (p: Vec) => toReal(code.evaluate(load(p)));
    exprCache.set(key, evaluate);
  }
  return evaluate(x);
}

const formCache = new BoundedCache<{ form: ExactForm | undefined }>(CACHE_SIZE);

/**
 * The exact form (./exact) of a reference expression in mathjs syntax, for comparing a
 * student's answer with it exactly; undefined when it has none within the bounds. A
 * number in it counts as the decimal it prints as when that has at most 15 significant
 * digits (0.5, 1e-7, 12.25 — what an author writes, or a computed value that is an exact
 * short decimal), and as a floating-point atom otherwise (0.30000000000000004 = 0.1·3
 * computed in doubles stands for a rounded value, not for that decimal). Same checks as
 * evalExpr (MathError for an expression it would refuse); cached by (expr, vars).
 */
export function referenceForm(expr: string, vars: string[]): ExactForm | undefined {
  const key = cacheKey(expr, vars);
  let hit = formCache.get(key);
  if (!hit) {
    checkVars(vars);
    const node = parseChecked(expr, vars, 'the expression');
    const load = makeScope(vars);
    const valueOf = (n: MathNode) => {
      let code: EvalFunction | undefined;
      return (x: ArrayLike<number>) => toReal((code ??= n.compile()).evaluate(load(Array.from(x))));
    };
    const build = (n: MathNode): ExactForm => {
      switch (n.type) {
        case 'ConstantNode': {
          const v = (n as ConstantNode).value as number;
          const q = intendedDecimal(v);
          return q ? exact.constant(q) : exact.atom(`float:${String(v)}`, () => v);
        }
        case 'ParenthesisNode':
          return build((n as unknown as { content: MathNode }).content);
        case 'SymbolNode': {
          const name = (n as SymbolNode).name;
          const i = vars.indexOf(name);
          if (i >= 0) return exact.variable(i);
          const v = name === 'pi' ? Math.PI : Math.E;
          return exact.atom(name, () => v);
        }
        case 'OperatorNode': {
          const op = n as OperatorNode;
          const args = op.args.map(build);
          switch (op.fn) {
            case 'unaryPlus':
              return args[0];
            case 'unaryMinus':
              return exact.neg(args[0]);
            case 'add':
              return args.reduce(exact.add);
            case 'multiply':
              return args.reduce(exact.mul);
            case 'subtract':
              return exact.sub(args[0], args[1]);
            case 'divide':
              return exact.div(args[0], args[1]);
            case 'pow':
              return exact.pow(args[0], args[1], valueOf(n));
          }
          throw new NotExact(`operator ${op.fn}`);
        }
        case 'FunctionNode': {
          const fn = n as FunctionNode;
          const args = fn.args.map(build);
          const name = (fn.fn as SymbolNode).name;
          if (name === 'pow') return exact.pow(args[0], args[1], valueOf(n));
          return exact.call(name, args, valueOf(n));
        }
      }
      throw new NotExact(`node ${n.type}`);
    };
    let form: ExactForm | undefined;
    try {
      form = build(node);
    } catch (err) {
      if (!(err instanceof NotExact)) throw err;
    }
    hit = { form };
    formCache.set(key, hit);
  }
  return hit.form;
}
