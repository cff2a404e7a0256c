/** The history's line diff (server/teach/editor.ts lineDiff), against diffs worked out by hand. */
import { describe, expect, it } from 'vitest';
import { lineDiff } from '@/server/teach/editor';

describe('lineDiff', () => {
  it('shows a replaced line with its context', () => {
    expect(lineDiff('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nX\ne\nf\ng', 1)).toEqual(['  c', '+ X', '- d', '  e']);
  });

  it('separates distant changes with …', () => {
    expect(lineDiff('1\n2\n3\n4\n5\n6\n7\n8', '0\n1\n2\n3\n4\n5\n6\n7', 1)).toEqual(['+ 0', '  1', '…', '  7', '- 8']);
  });

  it('a new text is all additions; no change is no lines', () => {
    expect(lineDiff('', 'x\ny')).toEqual(['+ x', '+ y']);
    expect(lineDiff('same\ntext', 'same\ntext')).toEqual([]);
  });
});
