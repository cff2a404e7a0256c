/**
 * Exact forms of expressions, for deciding whether two expressions are equal the way a
 * computer algebra system does, not by sampling.
 *
 * An exact form is a quotient of two polynomials with rational (BigInt) coefficients in
 * symbols: the variables (x, y, …) and "atoms" — the parts that are not rational
 * functions of the variables: calls such as sin(x) or sqrt(x + 1), powers with a
 * non-integer or non-constant exponent, the constants pi and e, and floating-point
 * numbers that are not exact decimals. Atoms are named by a canonical text of what they
 * are (sin(x0), pow(x0;1/2)), so the same call on both sides is the same symbol.
 *
 * Comparing two forms a/b and c/d builds the residual a·d − c·b:
 *   - it is the zero polynomial → the expressions are equal (exactly, wherever both are
 *     defined);
 *   - it is a non-zero polynomial in the variables only → they are not equal: a
 *     non-zero polynomial is not zero as a function (decided exactly, whatever the size
 *     of the difference — 10^10·x + 1 against 10^10·x + 2 is not equal);
 *   - it contains atoms → undecided exactly (sin(x)² + cos(x)² − 1 is zero although the
 *     polynomial is not): the caller evaluates the residual's terms at points and checks
 *     that they cancel to within rounding (see `residualAt`).
 *
 * Pure TypeScript (imports only ./rational): lib/answers builds the forms of student
 * answers and lib/math/symbolic those of mathjs reference strings with the same builder.
 * Every operation is bounded (MAX_TERMS terms, MAX_DEGREE per symbol, MAX_BITS bits per
 * number); past a bound it throws NotExact and the caller falls back to sampling.
 */
import {
  ONE,
  ZERO,
  RationalOverflow,
  add as addQ,
  div as divQ,
  isInteger,
  isZero as isZeroQ,
  mul as mulQ,
  neg as negQ,
  powInt as powQ,
  toNumber,
  toText as textQ,
  type Rational,
} from './rational';

/** Most terms in one polynomial. */
export const MAX_TERMS = 200;
/** Largest exponent of one symbol in a term, and of an integer power. */
export const MAX_DEGREE = 64;

/** The expression has no exact form within the bounds, or is not a rational function at all. */
export class NotExact extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotExact';
  }
}

/** A term: coefficient times a product of symbols to positive integer powers (sorted by symbol). */
interface Term {
  coef: Rational;
  /** [symbol, exponent] pairs sorted by symbol; [] for a constant. */
  powers: [string, number][];
}

/** A polynomial: its terms by the key of their product of symbols; no zero coefficients. */
type Poly = Map<string, Term>;

/** How to compute an atom at a point (the variables' values in order). */
export type AtomValue = (x: ArrayLike<number>) => number;

/** An exact form: num / den, and how to evaluate each atom it (or its parts) uses. */
export interface ExactForm {
  readonly num: Poly;
  readonly den: Poly;
  readonly atoms: ReadonlyMap<string, AtomValue>;
}

function keyOf(powers: [string, number][]): string {
  return powers.map(([s, e]) => (e === 1 ? s : `${s}^${e}`)).join('*');
}

function polyConst(q: Rational): Poly {
  return isZeroQ(q) ? new Map() : new Map([['', { coef: q, powers: [] }]]);
}

function polySymbol(s: string): Poly {
  return new Map([[s, { coef: ONE, powers: [[s, 1]] }]]);
}

function addTerm(p: Poly, t: Term, key = keyOf(t.powers)): void {
  const old = p.get(key);
  if (!old) {
    if (!isZeroQ(t.coef)) p.set(key, t);
    return;
  }
  const c = addQ(old.coef, t.coef);
  if (isZeroQ(c)) p.delete(key);
  else p.set(key, { coef: c, powers: old.powers });
}

function checkSize(p: Poly): Poly {
  if (p.size > MAX_TERMS) throw new NotExact(`more than ${MAX_TERMS} terms`);
  return p;
}

function polyAdd(a: Poly, b: Poly, sign = 1): Poly {
  const out: Poly = new Map(a);
  for (const [k, t] of b) addTerm(out, sign < 0 ? { coef: negQ(t.coef), powers: t.powers } : t, k);
  return checkSize(out);
}

function mergePowers(a: [string, number][], b: [string, number][]): [string, number][] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: [string, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i][0] < b[j][0])) out.push(a[i++]);
    else if (i >= a.length || b[j][0] < a[i][0]) out.push(b[j++]);
    else {
      const e = a[i][1] + b[j][1];
      if (e > MAX_DEGREE) throw new NotExact(`a power above ${MAX_DEGREE}`);
      out.push([a[i][0], e]);
      i++;
      j++;
    }
  }
  return out;
}

function polyMul(a: Poly, b: Poly): Poly {
  if (a.size * b.size > MAX_TERMS * MAX_TERMS) throw new NotExact('product too large');
  const out: Poly = new Map();
  for (const s of a.values()) {
    for (const t of b.values()) {
      const powers = mergePowers(s.powers, t.powers);
      addTerm(out, { coef: mulQ(s.coef, t.coef), powers });
    }
  }
  return checkSize(out);
}

function polyPow(a: Poly, k: number): Poly {
  let result = polyConst(ONE);
  let base = a;
  for (let e = k; e > 0; e >>= 1) {
    if (e & 1) result = polyMul(result, base);
    if (e > 1) base = polyMul(base, base);
  }
  return result;
}

/** The rational number a constant polynomial is, or undefined when it has symbols. */
function constantOf(p: Poly): Rational | undefined {
  if (p.size === 0) return ZERO;
  if (p.size !== 1) return undefined;
  const t = p.get('');
  return t ? t.coef : undefined;
}

function scalePoly(p: Poly, q: Rational): Poly {
  const out: Poly = new Map();
  for (const [k, t] of p) out.set(k, { coef: mulQ(t.coef, q), powers: t.powers });
  return out;
}

function mergeAtoms(a: ReadonlyMap<string, AtomValue>, b: ReadonlyMap<string, AtomValue>): ReadonlyMap<string, AtomValue> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new Map(a);
  for (const [k, v] of b) if (!out.has(k)) out.set(k, v);
  return out;
}

const NO_ATOMS: ReadonlyMap<string, AtomValue> = new Map();
const ONE_POLY = polyConst(ONE);

/**
 * A form with a canonical denominator: a constant denominator is folded into the
 * numerator, and otherwise both are scaled so that the denominator's first term (in key
 * order) has coefficient 1. Equal forms built the same way get equal texts.
 */
function form(num: Poly, den: Poly, atoms: ReadonlyMap<string, AtomValue>): ExactForm {
  if (den.size === 0) throw new NotExact('division by zero');
  if (num.size === 0) return { num, den: ONE_POLY, atoms };
  const c = constantOf(den);
  if (c) return { num: scalePoly(num, divQ(ONE, c)), den: ONE_POLY, atoms };
  const first = [...den.keys()].sort()[0];
  const lead = den.get(first)!.coef;
  if (lead.n === 1n && lead.d === 1n) return { num, den, atoms };
  const inv = divQ(ONE, lead);
  return { num: scalePoly(num, inv), den: scalePoly(den, inv), atoms };
}

/** Turns the overflow of a number into NotExact, the one failure callers handle. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RationalOverflow || err instanceof RangeError) throw new NotExact(err.message);
    throw err;
  }
}

/** The builder both readers use: every function returns a new form or throws NotExact. */
export const exact = {
  constant(q: Rational): ExactForm {
    return { num: polyConst(q), den: ONE_POLY, atoms: NO_ATOMS };
  },

  /** The variable with index i (the i-th of the exercise's variables). */
  variable(i: number): ExactForm {
    return { num: polySymbol(`#${i}`), den: ONE_POLY, atoms: NO_ATOMS };
  },

  /** A symbol for something that is not a rational function: its canonical name and its value. */
  atom(name: string, value: AtomValue, within: ExactForm[] = []): ExactForm {
    const atoms = new Map<string, AtomValue>([[`{${name}}`, value]]);
    let all: ReadonlyMap<string, AtomValue> = atoms;
    for (const f of within) all = mergeAtoms(all, f.atoms);
    return { num: polySymbol(`{${name}}`), den: ONE_POLY, atoms: all };
  },

  add(a: ExactForm, b: ExactForm): ExactForm {
    return guard(() => {
      const atoms = mergeAtoms(a.atoms, b.atoms);
      if (a.den === ONE_POLY && b.den === ONE_POLY) return { num: polyAdd(a.num, b.num), den: ONE_POLY, atoms };
      return form(polyAdd(polyMul(a.num, b.den), polyMul(b.num, a.den)), polyMul(a.den, b.den), atoms);
    });
  },

  sub(a: ExactForm, b: ExactForm): ExactForm {
    return exact.add(a, exact.neg(b));
  },

  neg(a: ExactForm): ExactForm {
    return guard(() => ({ num: scalePoly(a.num, negQ(ONE)), den: a.den, atoms: a.atoms }));
  },

  mul(a: ExactForm, b: ExactForm): ExactForm {
    return guard(() => {
      const atoms = mergeAtoms(a.atoms, b.atoms);
      if (a.den === ONE_POLY && b.den === ONE_POLY) return { num: polyMul(a.num, b.num), den: ONE_POLY, atoms };
      return form(polyMul(a.num, b.num), polyMul(a.den, b.den), atoms);
    });
  },

  div(a: ExactForm, b: ExactForm): ExactForm {
    return guard(() => {
      if (b.num.size === 0) throw new NotExact('division by zero');
      return form(polyMul(a.num, b.den), polyMul(a.den, b.num), mergeAtoms(a.atoms, b.atoms));
    });
  },

  /**
   * base^exponent: an integer constant exponent expands (x^-2 = 1/x²); anything else is an
   * atom pow(base;exponent) with the given value.
   */
  pow(base: ExactForm, exponent: ExactForm, value: AtomValue): ExactForm {
    return guard(() => {
      const k = exact.constantValue(exponent);
      if (k && isInteger(k) && Math.abs(Number(k.n)) <= MAX_DEGREE) {
        const e = Number(k.n);
        if (e === 0) return exact.constant(ONE); // as mathjs and JavaScript: x^0 = 1, 0^0 = 1
        const b = exact.constantValue(base);
        if (b) return exact.constant(powQ(b, e));
        const num = polyPow(base.num, Math.abs(e));
        const den = polyPow(base.den, Math.abs(e));
        return e > 0 ? form(num, den, base.atoms) : form(den, num, base.atoms);
      }
      return exact.atom(`pow(${exact.text(base)};${exact.text(exponent)})`, value, [base, exponent]);
    });
  },

  /** A call f(args) as an atom named by the function and its arguments' texts. */
  call(name: string, args: ExactForm[], value: AtomValue): ExactForm {
    return exact.atom(`${name}(${args.map(exact.text).join(';')})`, value, args);
  },

  /** The rational number a form is, or undefined when it depends on a symbol. */
  constantValue(a: ExactForm): Rational | undefined {
    const n = constantOf(a.num);
    const d = constantOf(a.den);
    return n && d ? guard(() => divQ(n, d)) : undefined;
  },

  /** A canonical text of the form: equal texts mean equal expressions. */
  text(a: ExactForm): string {
    const poly = (p: Poly) =>
      [...p.entries()]
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([k, t]) => `${textQ(t.coef)}${k ? `*${k}` : ''}`)
        .join('+') || '0';
    const d = poly(a.den);
    return d === '1' ? poly(a.num) : `(${poly(a.num)})/(${d})`;
  },
};

/**
 * True when the form is a polynomial in the variables (no atoms, a constant denominator):
 * it is finite wherever the variables are.
 */
export function isPolynomial(a: ExactForm): boolean {
  return a.atoms.size === 0 && a.den.size === 1 && a.den.has('');
}

/** How two exact forms compare: equal, not equal, or a residual to check numerically. */
export type ExactVerdict = { decided: true; equal: boolean } | { decided: false; residual: Residual };

/** The numerator of a − b, as terms to evaluate (it contains atoms). */
export interface Residual {
  terms: Term[];
  atoms: ReadonlyMap<string, AtomValue>;
}

/** Compares a and b exactly (see the module comment). Throws NotExact past a bound. */
export function compareExact(a: ExactForm, b: ExactForm): ExactVerdict {
  return guard(() => {
    const r = polyAdd(polyMul(a.num, b.den), polyMul(b.num, a.den), -1);
    if (r.size === 0) return { decided: true, equal: true };
    const terms = [...r.values()];
    const hasAtom = terms.some((t) => t.powers.some(([s]) => s.startsWith('{')));
    if (!hasAtom) return { decided: true, equal: false };
    return { decided: false, residual: { terms, atoms: mergeAtoms(a.atoms, b.atoms) } };
  });
}

/**
 * The residual at the point x: its value (the sum of its terms) and its scale (the sum of
 * the terms' magnitudes). Floating-point evaluation makes an error of a few ulps of the
 * scale, so |value| ≤ rtol·scale with rtol well above 1e-16 means "zero here".
 */
export function residualAt(r: Residual, x: ArrayLike<number>): { value: number; scale: number } {
  const symbols = new Map<string, number>();
  const valueOf = (s: string): number => {
    let v = symbols.get(s);
    if (v === undefined) {
      v = s.startsWith('#') ? x[Number(s.slice(1))] : (r.atoms.get(s)?.(x) ?? NaN);
      symbols.set(s, v);
    }
    return v;
  };
  let value = 0;
  let scale = 0;
  for (const t of r.terms) {
    let v = toNumber(t.coef);
    for (const [s, e] of t.powers) v *= e === 1 ? valueOf(s) : Math.pow(valueOf(s), e);
    value += v;
    scale += Math.abs(v);
  }
  return { value, scale };
}
