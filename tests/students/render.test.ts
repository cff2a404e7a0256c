/**
 * Pure helpers of the students' UI: server-side math HTML (escaping, KaTeX) and the answer
 * grid's conversion between cells and answer text.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, mathTextHtml, splitMath } from '@/lib/content/math-html';
import { cellsToText, splitTopLevel, textToCells } from '@/components/answer-text';

describe('mathTextHtml', () => {
  it('splits text and $…$ / $$…$$ formulas in order', () => {
    expect(splitMath('Let $x$ be $$x^2$$ ok')).toEqual([
      { text: 'Let ' },
      { tex: 'x', display: false },
      { text: ' be ' },
      { tex: 'x^2', display: true },
      { text: ' ok' },
    ]);
    expect(splitMath('costs $5')).toEqual([{ text: 'costs $5' }]);
  });

  it('escapes the text between formulas', () => {
    expect(escapeHtml(`<b onclick="x">'&'</b>`)).toBe('&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
    const html = mathTextHtml('<script>alert(1)</script> and $x^2$');
    expect(html.startsWith('&lt;script&gt;alert(1)&lt;/script&gt; and <span class="katex">')).toBe(true);
    expect(html).not.toContain('<script>');
  });

  it('renders formulas with KaTeX, MathML included, and display math in display mode', () => {
    expect(mathTextHtml('$x$')).toContain('<annotation encoding="application/x-tex">x</annotation>');
    expect(mathTextHtml('$$x$$')).toContain('class="katex-display"');
    expect(mathTextHtml('$x$')).not.toContain('katex-display');
    // A formula KaTeX rejects does not throw: it is shown as its source.
    expect(mathTextHtml('$\\frac{1}{$')).toContain('\\frac{1}{');
  });
});

describe('answer grid text', () => {
  it('splits at top-level separators only', () => {
    expect(splitTopLevel('log(x, 2), [1, 2], 3', ',')).toEqual(['log(x, 2)', '[1, 2]', '3']);
    expect(splitTopLevel('a; b', ';')).toEqual(['a', 'b']);
  });

  it('writes cells as a matrix row by row, or as a vector', () => {
    expect(cellsToText([['6', '2'], ['2', ' 12 ']], false)).toBe('[6, 2; 2, 12]');
    expect(cellsToText([['1'], ['-2'], ['3/4']], true)).toBe('[1, -2, 3/4]');
    expect(cellsToText([['', '1'], ['2', '']], false)).toBe('[, 1; 2, ]');
  });

  it('reads every accepted matrix form into cells', () => {
    const H = [['6', '2'], ['2', '12']];
    expect(textToCells('[6, 2; 2, 12]', 2, 2)).toEqual(H);
    expect(textToCells('[[6, 2], [2, 12]]', 2, 2)).toEqual(H);
    expect(textToCells(' [ [6,2] , [2,12] ] ', 2, 2)).toEqual(H);
    expect(textToCells('[6x, log(y, 2); 2, 6y]', 2, 2)).toEqual([['6x', 'log(y, 2)'], ['2', '6y']]);
  });

  it('reads vectors as a column, in any of their forms', () => {
    const v = [['7'], ['14']];
    expect(textToCells('[7, 14]', 2, 1)).toEqual(v);
    expect(textToCells('(7, 14)', 2, 1)).toEqual(v);
    expect(textToCells('7, 14', 2, 1)).toEqual(v);
    expect(textToCells('[7; 14]', 2, 1)).toEqual(v);
  });

  it('gives null when the text does not have exactly the grid size', () => {
    expect(textToCells('[6, 2; 2]', 2, 2)).toBeNull();
    expect(textToCells('[6, 2; 2, 12; 1, 1]', 2, 2)).toBeNull();
    expect(textToCells('[1, 2, 3]', 2, 1)).toBeNull();
    expect(textToCells('', 2, 2)).toBeNull();
    // "(1)+(2)" is not one parenthesised list.
    expect(textToCells('(1)+(2), 3', 2, 1)).toEqual([['(1)+(2)'], ['3']]);
  });
});
