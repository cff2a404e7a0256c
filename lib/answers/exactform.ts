/**
 * The exact form of a student's expression (see lib/math/exact): numbers are taken
 * exactly as written — "0.1" is 1/10 and "0.3333333333333333" is that decimal, not 1/3 —
 * and calls, roots, non-integer powers, pi and e become atoms named as lib/math names
 * those of a reference, so the same call on both sides cancels exactly.
 */
import { exact, NotExact, type ExactForm } from '@/lib/math/exact';
import { parseDecimal } from '@/lib/math/rational';
import { compile } from './expr';
import type { Node } from './syntax';

/** The value of a subtree, compiled the first time it is needed. */
function valueOf(n: Node): (x: ArrayLike<number>) => number {
  let f: ((x: ArrayLike<number>) => number) | undefined;
  return (x) => (f ??= compile(n))(x);
}

function build(n: Node): ExactForm {
  switch (n.k) {
    case 'num': {
      const q = parseDecimal(n.raw);
      if (!q) throw new NotExact(`not a decimal: ${n.raw}`);
      return exact.constant(q);
    }
    case 'var':
      return exact.variable(n.index);
    case 'const': {
      const v = n.name === 'pi' ? Math.PI : Math.E;
      return exact.atom(n.name, () => v);
    }
    case 'neg':
      return exact.neg(build(n.arg));
    case 'bin': {
      const a = build(n.a);
      const b = build(n.b);
      switch (n.op) {
        case '+':
          return exact.add(a, b);
        case '-':
          return exact.sub(a, b);
        case '*':
          return exact.mul(a, b);
        case '/':
          return exact.div(a, b);
        case '^':
          return exact.pow(a, b, valueOf(n));
      }
      break;
    }
    case 'fn': {
      const args = n.args.map(build);
      if (n.fn.name === 'pow') return exact.pow(args[0], args[1], valueOf(n));
      return exact.call(n.fn.name, args, valueOf(n));
    }
    case 'array':
    case 'tuple':
      break;
  }
  throw new NotExact('not a scalar expression');
}

/** The exact form of a scalar tree, or undefined when it has none within the bounds. */
export function exactFormOf(n: Node): ExactForm | undefined {
  try {
    return build(n);
  } catch (err) {
    if (err instanceof NotExact) return undefined;
    throw err;
  }
}
