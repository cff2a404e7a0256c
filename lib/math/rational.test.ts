/**
 * Exact rationals: every expected value below is worked out by hand (fractions reduced on
 * paper), never taken from the code under test.
 */
import { describe, expect, it } from 'vitest';
import {
  RationalOverflow,
  add,
  compare,
  div,
  fromDouble,
  intendedDecimal,
  mul,
  parseDecimal,
  powInt,
  rational,
  significantDigits,
  sub,
  toNumber,
  toText,
} from './rational';

const q = (n: number | bigint, d: number | bigint = 1) => rational(BigInt(n), BigInt(d));

describe('rational arithmetic', () => {
  it('reduces and keeps the sign in the numerator', () => {
    expect(toText(q(6, -4))).toBe('-3/2');
    expect(toText(q(0, 7))).toBe('0');
    expect(() => q(1, 0)).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    expect(toText(add(q(1, 3), q(1, 6)))).toBe('1/2'); // 2/6 + 1/6 = 3/6
    expect(toText(sub(q(1, 3), q(1, 3)))).toBe('0');
    expect(toText(mul(q(2, 3), q(9, 4)))).toBe('3/2'); // 18/12
    expect(toText(div(q(2, 3), q(4, 9)))).toBe('3/2'); // 18/12
    // 1/3 − 3333333333333333/10^16 = (10^16 − 9999999999999999)/(3·10^16) = 1/(3·10^16)
    expect(toText(sub(q(1, 3), parseDecimal('0.3333333333333333')!))).toBe('1/30000000000000000');
  });

  it('compares exactly where doubles cannot', () => {
    // 10^17 + 1 and 10^17 are the same double; as rationals they differ.
    expect(compare(q(10n ** 17n + 1n), q(10n ** 17n))).toBe(1);
    expect(compare(q(1, 3), parseDecimal('0.3333333333333333')!)).toBe(1);
    expect(compare(q(2, 4), q(1, 2))).toBe(0);
  });

  it('raises to integer powers and refuses huge results', () => {
    expect(toText(powInt(q(2, 3), 3))).toBe('8/27');
    expect(toText(powInt(q(2, 3), -2))).toBe('9/4');
    expect(toText(powInt(q(1), 10 ** 9))).toBe('1');
    expect(() => powInt(q(2), 10 ** 6)).toThrow(RationalOverflow);
  });

  it('reads decimal literals as written', () => {
    expect(toText(parseDecimal('0.1')!)).toBe('1/10');
    expect(toText(parseDecimal('-2.5e-3')!)).toBe('-1/400');
    expect(toText(parseDecimal('1e3')!)).toBe('1000');
    expect(toText(parseDecimal('.5')!)).toBe('1/2');
    expect(parseDecimal('abc')).toBeUndefined();
    expect(parseDecimal('.')).toBeUndefined();
    expect(() => parseDecimal('1e100000')).toThrow(RationalOverflow);
  });

  it('gives the exact value of a double and the decimal it was written as', () => {
    // 0.1 as a double is 3602879701896397 / 2^55.
    expect(toText(fromDouble(0.1))).toBe('3602879701896397/36028797018963968');
    expect(toText(fromDouble(-0.75))).toBe('-3/4');
    expect(toText(intendedDecimal(0.1)!)).toBe('1/10');
    expect(toText(intendedDecimal(12.25)!)).toBe('49/4');
    expect(toText(intendedDecimal(1e-7)!)).toBe('1/10000000');
    expect(intendedDecimal(0.1 * 3)).toBeUndefined(); // 0.30000000000000004: 17 digits, a computed value
    expect(intendedDecimal(2 / 3)).toBeUndefined(); // 0.6666666666666666: 16 digits
    expect(significantDigits(123.45)).toBe(5);
    expect(significantDigits(1e21)).toBe(1);
  });

  it('converts back to the nearest double', () => {
    expect(toNumber(q(1, 3))).toBe(1 / 3);
    expect(toNumber(q(-7, 2))).toBe(-3.5);
    // (10^30 + 1)/10^30 is within 1e-30 of 1: the nearest double is 1.
    expect(toNumber(q(10n ** 30n + 1n, 10n ** 30n))).toBe(1);
    expect(toNumber(q(1n, 10n ** 30n))).toBeCloseTo(1e-30, 44);
  });
});
