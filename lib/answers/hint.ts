/**
 * The sentence under an answer box that says what an answer of its shape looks like, with its
 * size ("A 2 × 2 matrix, row by row, like [a, b; c, d]."). No dependencies: the lesson page
 * imports it without loading the reader.
 */
import type { ValueShape } from './shaped';

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
