/**
 * Turning a scalar syntax tree into what graders and the UI use: a plain JavaScript
 * closure (no eval, no mathjs), a normalised mathjs-syntax string and KaTeX source.
 * Every name that reaches the KaTeX is a variable name, a constant or a function from
 * our table, so no student text is pasted into LaTeX unchecked.
 */
import { ReadFailure, type Node } from './syntax';

/** A compiled scalar: values of the variables in order → number. */
export type Compiled = (x: ArrayLike<number>) => number;

/** Throws a ReadFailure unless `n` is a scalar (no brackets or lists inside). */
function scalarOnly(n: Node): never {
  const what = n.k === 'array' ? 'Square brackets [ ] hold a whole vector or matrix' : 'A list with commas is a whole vector';
  throw new ReadFailure(`${what}; it cannot be part of a formula here.`, n.start, n.end);
}

/**
 * Compiles a scalar tree to a closure. Throws a ReadFailure at the first vector or
 * matrix inside it. Invalid operations give NaN or ±Infinity, never a throw.
 */
export function compile(n: Node): Compiled {
  switch (n.k) {
    case 'num': {
      const v = n.value;
      return () => v;
    }
    case 'var': {
      const i = n.index;
      return (x) => x[i];
    }
    case 'const': {
      const v = n.name === 'pi' ? Math.PI : Math.E;
      return () => v;
    }
    case 'neg': {
      const a = compile(n.arg);
      return (x) => -a(x);
    }
    case 'bin': {
      const a = compile(n.a);
      const b = compile(n.b);
      switch (n.op) {
        case '+':
          return (x) => a(x) + b(x);
        case '-':
          return (x) => a(x) - b(x);
        case '*':
          return (x) => a(x) * b(x);
        case '/':
          return (x) => a(x) / b(x);
        case '^':
          return (x) => Math.pow(a(x), b(x));
      }
      break;
    }
    case 'fn': {
      const f = n.fn.evaluate;
      const a = compile(n.args[0]);
      if (n.args.length === 1) return (x) => f(a(x), undefined as unknown as number);
      const b = compile(n.args[1]);
      if (n.args.length === 2) return (x) => f(a(x), b(x));
      // max and min of more than two: folded left to right
      const rest = n.args.slice(2).map(compile);
      return (x) => rest.reduce((acc, c) => f(acc, c(x)), f(a(x), b(x)));
    }
    case 'array':
    case 'tuple':
      return scalarOnly(n);
  }
  throw new Error('unreachable');
}

// ---------------------------------------------------------------- normalised text (mathjs syntax)

/** Binding strength for placing parentheses: higher binds tighter. */
function precedence(n: Node): number {
  if (n.k === 'bin') return n.op === '+' || n.op === '-' ? 1 : n.op === '^' ? 4 : 2;
  if (n.k === 'neg') return 3;
  return 5; // numbers, names, calls
}

/**
 * The tree as a mathjs expression with explicit operators, e.g. "6 * x" for `6x`,
 * "x ^ 2 * y" for `x^2y`. Parentheses keep the tree's grouping exactly.
 */
export function toText(n: Node): string {
  switch (n.k) {
    case 'num':
      return n.raw;
    case 'var':
    case 'const':
      return n.name;
    case 'neg':
      return `-${wrapText(n.arg, precedence(n.arg) <= 3)}`;
    case 'bin': {
      const p = precedence(n);
      if (n.op === '^') {
        return `${wrapText(n.a, precedence(n.a) <= 4)} ^ ${wrapText(n.b, precedence(n.b) < 5)}`;
      }
      // Left-associative: the right operand is wrapped when it binds no tighter than n.
      return `${wrapText(n.a, precedence(n.a) < p)} ${n.op} ${wrapText(n.b, precedence(n.b) <= p || n.b.k === 'neg')}`;
    }
    case 'fn':
      return `${n.fn.name}(${n.args.map(toText).join(', ')})`;
    case 'array':
    case 'tuple':
      return scalarOnly(n);
  }
}

function wrapText(n: Node, wrap: boolean): string {
  const s = toText(n);
  return wrap ? `(${s})` : s;
}

// ---------------------------------------------------------------- KaTeX

/** A variable name as KaTeX: x1 and x_1 → x_{1}, longer names upright. */
export function texName(name: string): string {
  const m = /^([A-Za-z]+)_?([0-9]+)$/.exec(name);
  const base = m ? m[1] : name.replace(/_/g, '\\_');
  const texBase = base.length > 1 ? `\\mathrm{${base}}` : base;
  return m ? `${texBase}_{${m[2]}}` : texBase;
}

/** A number literal as KaTeX: 1e-3 → 1 \cdot 10^{-3}. */
function texNumber(raw: string): string {
  const m = /^([^e]*)e([+-]?)0*([0-9]+)$/.exec(raw);
  if (!m) return raw;
  return `${m[1]} \\cdot 10^{${m[2] === '-' ? '-' : ''}${m[3]}}`;
}

/**
 * The tree as KaTeX, showing how it was read: fractions for "/", exponents in braces,
 * a centred dot only where juxtaposition would be unclear (before a number).
 */
export function toTex(n: Node): string {
  switch (n.k) {
    case 'num':
      return texNumber(n.raw);
    case 'var':
      return texName(n.name);
    case 'const':
      return n.name === 'pi' ? '\\pi' : 'e';
    case 'neg':
      return `-${wrapTex(n.arg, precedence(n.arg) <= 3)}`;
    case 'bin': {
      switch (n.op) {
        case '+':
        case '-':
          return `${toTex(n.a)} ${n.op} ${wrapTex(n.b, (n.op === '-' && precedence(n.b) <= 1) || n.b.k === 'neg')}`;
        case '*': {
          const a = wrapTex(n.a, precedence(n.a) < 2);
          const b = wrapTex(n.b, precedence(n.b) <= 2 || n.b.k === 'neg');
          const dot = /^[0-9.]/.test(b) || (!n.implicit && /[0-9}]$/.test(a) && /^[0-9]/.test(b));
          return dot ? `${a} \\cdot ${b}` : `${a} ${b}`;
        }
        case '/':
          return `\\frac{${toTex(n.a)}}{${toTex(n.b)}}`;
        case '^': {
          const base = n.a.k === 'fn' && n.a.fn.name !== 'sqrt' && n.a.fn.name !== 'abs' && n.a.fn.name !== 'cbrt';
          return `${wrapTex(n.a, precedence(n.a) <= 4 || base || n.a.k === 'num' && /e/.test(n.a.raw))}^{${toTex(n.b)}}`;
        }
      }
      break;
    }
    case 'fn':
      return n.fn.tex(n.args.map(toTex));
    case 'array':
      return `\\begin{bmatrix}${n.rows.map((r) => r.items.map(toTex).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
    case 'tuple':
      return `\\left(${n.items.map(toTex).join(', ')}\\right)`;
  }
  throw new Error('unreachable');
}

function wrapTex(n: Node, wrap: boolean): string {
  const s = toTex(n);
  return wrap ? `\\left(${s}\\right)` : s;
}
