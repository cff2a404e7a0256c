/** Reading in a shape and saying what the shape is: what the live preview and the server share (issue 18, items 8 and 9). */
import { describe, expect, it } from 'vitest';
import { shapeHint } from './hint';
import { readNumber } from './read';
import { readShaped } from './shaped';

const spec = (shape: Parameters<typeof readShaped>[1]['shape'], size: number[] = [], vars: string[] = []) => ({ shape, size, vars, labels: {} });

describe('reading in the shape the exercise expects', () => {
  it('refuses what the grader would refuse for its shape, saying so', () => {
    expect(readShaped('6x', spec('matrix', [2, 2]))).toMatchObject({ ok: false });
    expect(readShaped('[6,2,2,12]', spec('matrix', [2, 2]))).toMatchObject({ ok: false, message: 'Expected 2 rows, got 1.' });
    expect(readShaped('[1, 2]', spec('number'))).toMatchObject({ ok: false, message: 'Expected a single value, not a list.' });
    expect(readShaped('[6, 2; 2, 12]', spec('matrix', [2, 2]))).toEqual({ ok: true, value: [[6, 2], [2, 12]] });
    expect(readShaped('2.5', spec('integer'))).toMatchObject({ ok: false, message: 'an iteration count is a whole number' });
  });
  it('tells a decimal comma to use a dot, and still reads a list with a space as a list', () => {
    expect(readNumber('1,5')).toMatchObject({ ok: false, message: 'Expected a single number. For decimals use a dot: 1.5, not 1,5.' });
    expect(readNumber('-12,75')).toMatchObject({ ok: false, message: 'Expected a single number. For decimals use a dot: -12.75, not -12,75.' });
    expect(readNumber('1, 5')).toMatchObject({ ok: false, message: 'Expected a single value, not a list.' });
    expect(readShaped('1,5', spec('vector', [2]))).toEqual({ ok: true, value: [1, 5] });
  });
  it('says what each shape looks like, with its size', () => {
    expect(shapeHint({ ...spec('matrix', [2, 2]), labels: [] })).toBe('A 2 × 2 matrix, row by row, like [a, b; c, d].');
    expect(shapeHint({ ...spec('expression-matrix', [2, 3], ['x', 'y']), labels: [] })).toBe('A 2 × 3 matrix in x, y, row by row, like [a, b, c; …].');
    expect(shapeHint({ ...spec('vector', [3]), labels: [] })).toBe('A vector of 3 entries, like [a, b, c].');
    expect(shapeHint({ ...spec('number'), labels: [] })).toBe('A number, e.g. 3/4, 1.5 or sqrt(2) (a dot for decimals).');
    expect(shapeHint({ ...spec('label'), labels: ['minimum', 'maximum'] })).toBe('One of: minimum, maximum.');
  });
});
