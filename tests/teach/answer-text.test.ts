/**
 * The instructor's preview shows the reference answer as a student would type it
 * (issue 18, item 14): expressions tidied like a textbook, numbers and labels as they are.
 */
import { describe, expect, it } from 'vitest';
import { answerAsText } from '@/server/teach/preview';

describe('answerAsText', () => {
  it('writes expressions as a person types them', () => {
    expect(answerAsText(['2 * x ^ 2 + -8 * y', 'y * 3'], 'expression-vector')).toBe('[2x^2 - 8y, 3y]');
    expect(answerAsText([['6 * x', '2'], ['2', '6 * y']], 'expression-matrix')).toBe('[6x, 2; 2, 6y]');
    expect(answerAsText('x * 2 + 1', 'expression')).toBe('2x + 1');
  });

  it('leaves numbers and labels alone', () => {
    expect(answerAsText([[6, 2], [2, 12]], 'matrix')).toBe('[6, 2; 2, 12]');
    expect(answerAsText('positive definite', 'label')).toBe('positive definite');
    expect(answerAsText([1, -2])).toBe('[1, -2]');
  });
});
