/**
 * Exact rational numbers with BigInt numerator and denominator, for deciding equality
 * where floating point cannot (1/3 against 0.3333333333333333, 10^10·x + 1 against
 * 10^10·x + 2). Pure: imports nothing, so lib/answers may use it too.
 *
 * A Rational is always reduced, with a positive denominator; 0 is 0/1. Operations
 * return new values and never lose precision; `RationalOverflow` is thrown when a
 * result would need more than MAX_BITS bits, so that hostile input (2^(10^9)) stays
 * cheap: callers treat it as "cannot decide exactly".
 */

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** Largest numerator or denominator, in bits, before giving up (about 1,200 decimal digits). */
export const MAX_BITS = 4096;
const LIMIT = 1n << BigInt(MAX_BITS);

/** A result too large to keep exactly (more than MAX_BITS bits). */
export class RationalOverflow extends Error {
  constructor() {
    super('rational number too large to keep exactly');
    this.name = 'RationalOverflow';
  }
}

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** n/d reduced, with d > 0. Throws RangeError for d = 0 and RationalOverflow past MAX_BITS. */
export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d !== 1n) {
    const g = gcd(n, d);
    if (g !== 1n) {
      n /= g;
      d /= g;
    }
  }
  if (abs(n) >= LIMIT || d >= LIMIT) throw new RationalOverflow();
  return { n, d };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

export function isZero(a: Rational): boolean {
  return a.n === 0n;
}

export function isInteger(a: Rational): boolean {
  return a.d === 1n;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}

/** −1, 0 or 1 as a < b, a = b, a > b. */
export function compare(a: Rational, b: Rational): number {
  const diff = a.n * b.d - b.n * a.d;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

export function neg(a: Rational): Rational {
  return { n: -a.n, d: a.d };
}

export function add(a: Rational, b: Rational): Rational {
  if (a.d === 1n && b.d === 1n) return rational(a.n + b.n);
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function mul(a: Rational, b: Rational): Rational {
  if (a.d === 1n && b.d === 1n) return rational(a.n * b.n);
  return rational(a.n * b.n, a.d * b.d);
}

/** a / b; RangeError when b = 0. */
export function div(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d, a.d * b.n);
}

/** a^k for an integer k (a ≠ 0 when k < 0). RationalOverflow when the result is too large. */
export function powInt(a: Rational, k: number): Rational {
  if (!Number.isInteger(k)) throw new RangeError('the exponent must be an integer');
  if (k < 0) return powInt(div(ONE, a), -k);
  // Bound the size before computing: |a^k| needs about k·bits(a) bits.
  const bits = Math.max(abs(a.n).toString(2).length, a.d.toString(2).length);
  if (a.n !== 0n && abs(a.n) !== 1n || a.d !== 1n) {
    if (bits * k > MAX_BITS + 64) throw new RationalOverflow();
  }
  const e = BigInt(k);
  return rational(a.n ** e, a.d ** e);
}

/** The nearest double (exact for small values; correctly rounded up to a few ulps otherwise). */
export function toNumber(a: Rational): number {
  if (a.d === 1n) return Number(a.n);
  const n = Number(a.n);
  const d = Number(a.d);
  if (Number.isFinite(n) && Number.isFinite(d) && Math.abs(n) < 2 ** 53 && d < 2 ** 53) return n / d;
  // Scale so that the quotient has 64 significant bits, then divide.
  const shift = BigInt(a.d.toString(2).length - abs(a.n).toString(2).length + 64);
  const q = shift >= 0n ? (a.n << shift) / a.d : a.n / (a.d << -shift);
  return Number(q) * 2 ** -Number(shift);
}

/** "n" or "n/d": a canonical text, equal texts for equal numbers. */
export function toText(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;

/** Largest decimal exponent accepted in a literal (1e400 is kept exactly; 1e100000 is not). */
const MAX_EXPONENT = 1000;

/**
 * The exact value of a decimal literal as written: "0.1" → 1/10, "-2.5e-3" → −1/400,
 * "12" → 12. Undefined for text that is not a decimal literal; RationalOverflow when the
 * exponent is beyond ±1000.
 */
export function parseDecimal(text: string): Rational | undefined {
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  const exponent = (m[4] ? Number(m[4]) : 0) - fraction.length;
  if (Math.abs(exponent) > MAX_EXPONENT) throw new RationalOverflow();
  let n = BigInt((m[2] || '0') + fraction);
  if (m[1] === '-') n = -n;
  return exponent >= 0 ? rational(n * 10n ** BigInt(exponent)) : rational(n, 10n ** BigInt(-exponent));
}

/**
 * The exact binary value of a finite double (0.1 → 3602879701896397/36028797018963968).
 * Every finite double is a rational with a power-of-two denominator.
 */
export function fromDouble(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError('not a finite number');
  if (Number.isInteger(x)) return rational(BigInt(x));
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  return rational(BigInt(m), 1n << BigInt(e));
}

/** Significant digits of the shortest text that reads back as x (JavaScript's String(x)). */
export function significantDigits(x: number): number {
  const s = Math.abs(x).toExponential().split('e')[0].replace('.', '');
  return s.replace(/0+$/, '').length || 1;
}

/**
 * The decimal a double stands for when it came from text: the value of its shortest
 * round-trip text (String(0.1) = "0.1" → 1/10), or undefined when that text has more than
 * `maxDigits` significant digits — then the double is most likely a computed, rounded
 * value (0.30000000000000004) rather than a decimal someone wrote.
 */
export function intendedDecimal(x: number, maxDigits = 15): Rational | undefined {
  if (!Number.isFinite(x) || significantDigits(x) > maxDigits) return undefined;
  return parseDecimal(x.toExponential());
}
