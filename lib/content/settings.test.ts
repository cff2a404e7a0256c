import { describe, expect, test } from 'vitest';
import { attemptsLeft, mayReveal, readSettings, type RevealPolicy } from './settings';

const now = new Date('2026-03-10T12:00:00Z');
const past = new Date('2026-03-01T00:00:00Z');
const future = new Date('2026-04-01T00:00:00Z');

/** Whether `reveal` with 3 attempts shows the answer in the given state. */
function shown(reveal: RevealPolicy, correct: boolean, attemptsUsed: number, dueAt: Date | null = null): boolean {
  return mayReveal({ attempts: 3, reveal }, { correct, attemptsUsed, dueAt, now });
}

describe('readSettings', () => {
  test('defaults: 3 attempts, after-last-attempt, no hints, no title', () => {
    expect(readSettings({})).toEqual({ settings: { attempts: 3, reveal: 'after-last-attempt', hints: [] }, problems: [] });
  });

  test('keeps valid values', () => {
    const r = readSettings({ title: 'Hessian', attempts: 0, reveal: 'after-due', hints: ['a', 'b'] });
    expect(r.problems).toEqual([]);
    expect(r.settings).toEqual({ title: 'Hessian', attempts: 0, reveal: 'after-due', hints: ['a', 'b'] });
  });

  test.each([
    ['attempts', 2.5],
    ['attempts', -1],
    ['attempts', '3'],
    ['reveal', 'after-deadline'],
    ['reveal', true],
    ['hints', 'one hint'],
    ['hints', ['ok', '']],
    ['title', ''],
  ])('rejects %s = %j and keeps the default', (prop, value) => {
    const r = readSettings({ [prop]: value });
    expect(r.problems.map((p) => p.prop)).toEqual([prop]);
    expect(r.settings).toEqual({ attempts: 3, reveal: 'after-last-attempt', hints: [] });
  });
});

describe('attemptsLeft', () => {
  test('counts down and stops at zero', () => {
    expect(attemptsLeft({ attempts: 3 }, 0)).toBe(3);
    expect(attemptsLeft({ attempts: 3 }, 2)).toBe(1);
    expect(attemptsLeft({ attempts: 3 }, 3)).toBe(0);
    expect(attemptsLeft({ attempts: 3 }, 5)).toBe(0);
  });

  test('0 attempts means unlimited', () => {
    expect(attemptsLeft({ attempts: 0 }, 1000)).toBe(Infinity);
  });
});

describe('mayReveal', () => {
  test('after-last-attempt: after a correct answer, the last attempt, or the due date', () => {
    expect(shown('after-last-attempt', false, 0)).toBe(false);
    expect(shown('after-last-attempt', false, 2)).toBe(false);
    expect(shown('after-last-attempt', true, 1)).toBe(true);
    expect(shown('after-last-attempt', false, 3)).toBe(true);
    expect(shown('after-last-attempt', false, 1, past)).toBe(true);
    expect(shown('after-last-attempt', false, 1, future)).toBe(false);
  });

  test('after-last-attempt with unlimited attempts waits for a correct answer', () => {
    expect(mayReveal({ attempts: 0, reveal: 'after-last-attempt' }, { correct: false, attemptsUsed: 50, now })).toBe(false);
    expect(mayReveal({ attempts: 0, reveal: 'after-last-attempt' }, { correct: true, attemptsUsed: 50, now })).toBe(true);
  });

  test('after-correct: a used-up student does not see it before the due date', () => {
    expect(shown('after-correct', false, 3)).toBe(false);
    expect(shown('after-correct', true, 3)).toBe(true);
    expect(shown('after-correct', false, 3, past)).toBe(true);
    expect(shown('after-correct', false, 3, future)).toBe(false);
  });

  test('after-due: only once the due date has passed, correct or not; never without a due date', () => {
    expect(shown('after-due', true, 1)).toBe(false);
    expect(shown('after-due', true, 1, future)).toBe(false);
    expect(shown('after-due', false, 0, past)).toBe(true);
    expect(shown('after-due', false, 0, now)).toBe(true);
  });

  test('always and never ignore the state', () => {
    expect(shown('always', false, 0)).toBe(true);
    expect(shown('never', true, 3, past)).toBe(false);
  });
});
