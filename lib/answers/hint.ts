/**
 * The sentence under an answer box that says what an answer of its shape looks like, with its
 * size ("A 2 × 2 matrix, row by row, like [a, b; c, d]."). No dependencies: the lesson page
 * imports it without loading the reader.
 */
import type { ValueShape } from './shaped';
import type { Tolerance } from './types';

/**
 * The significant figures a card asks for under a tolerance: ⌈−log10 rtol⌉, at least 2
 * and at most 15 (rtol 1e-3 → 3, 0.01 → 2, 1e-6 → 6); undefined when rtol is 0 (only an
 * absolute tolerance). A number correctly rounded to that many figures is accepted even
 * when its rounding error exceeds rtol (3.59 for 5 − √2 = 3.5858, off by 0.12 %).
 */
export function significantFigures(tol: Tolerance): number | undefined {
  if (!(tol.rtol > 0)) return undefined;
  return Math.min(15, Math.max(2, Math.ceil(-Math.log10(tol.rtol) - 1e-9)));
}

/** "0.1 %" for 1e-3: a relative tolerance as a percentage, without trailing zeros. */
function percent(rtol: number): string {
  return `${Number((rtol * 100).toPrecision(3))} %`;
}

/**
 * The sentence a numeric card shows about the accuracy it needs, e.g. "Give numbers to 3
 * significant figures (or within 0.1 %)." — or, with only an absolute tolerance, "Give
 * numbers to within ±0.001."
 */
export function accuracyHint(tol: Tolerance): string {
  const figures = significantFigures(tol);
  if (figures === undefined) return `Give numbers to within ±${tol.atol}.`;
  return `Give numbers to ${figures} significant figures (or within ${percent(tol.rtol)}).`;
}

/** One sentence on what an answer of this shape looks like, with its size. */
export function shapeHint(spec: { shape: ValueShape; size: number[]; vars: string[]; labels: string[] }): string {
  const [rows, cols] = spec.size;
  const names = (n: number) => ['a', 'b', 'c', 'd', 'e', 'f'].slice(0, Math.min(n, 3)).join(', ') + (n > 3 ? ', …' : '');
  const inVars = spec.vars.length ? ` in ${spec.vars.join(', ')}` : '';
  switch (spec.shape) {
    case 'label':
      return `One of: ${spec.labels.join(', ')}.`;
    case 'expression':
      return `An expression${inVars}, e.g. 2*${spec.vars[0] ?? 'x'} + 1.`;
    case 'integer':
      return 'A whole number.';
    case 'number':
      return 'A number, e.g. 3/4, 1.5 or sqrt(2) (a dot for decimals).';
    case 'vector':
    case 'expression-vector':
      return `A vector of ${rows} ${rows === 1 ? 'entry' : 'entries'}${spec.shape === 'expression-vector' ? inVars : ''}, like [${names(rows)}].`;
    case 'matrix':
    case 'expression-matrix': {
      const example = rows === 2 && cols === 2 ? '[a, b; c, d]' : `[${names(cols)}; …]`;
      return `A ${rows} × ${cols} matrix${spec.shape === 'expression-matrix' ? inVars : ''}, row by row, like ${example}.`;
    }
  }
}
