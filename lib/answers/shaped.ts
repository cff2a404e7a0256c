/**
 * Reading an answer in the shape an exercise expects: one reader per shape, the same in the
 * browser's live preview and on the server that grades. (./hint says what a shape looks like.)
 */
import type { Expr } from './read';
import { readExpression, readExpressionMatrix, readExpressionVector, readLabel, readMatrix, readNumber, readVector } from './read';
import type { Read } from './types';
import { plainMatrix, plainVector } from './plain';

/** The shapes of a one-part answer. */
export type ValueShape = 'number' | 'integer' | 'vector' | 'matrix' | 'label' | 'expression' | 'expression-vector' | 'expression-matrix';

/** What reading needs to know of the expected answer: its shape, size, variables and labels (never its value). */
export interface ShapeSpec {
  shape: ValueShape;
  /** [] for a number or label, [n] for a vector, [rows, cols] for a matrix. */
  size: number[];
  /** Variables of expression answers. */
  vars: string[];
  /** Canonical label → synonyms, for label answers. */
  labels: Record<string, string[]>;
}

/** A value read in its shape. */
export type ShapedValue = number | number[] | number[][] | string | Expr | Expr[] | Expr[][];

/** Reads `text` in the shape `spec` says; a failure says where, and (for a size) what was expected. */
export function readShaped(text: string, spec: ShapeSpec): Read<ShapedValue> {
  const [rows, cols] = spec.size;
  switch (spec.shape) {
    case 'number':
      return readNumber(text);
    case 'integer': {
      const r = readNumber(text);
      if (r.ok && !Number.isInteger(r.value)) {
        return { ok: false, message: 'an iteration count is a whole number', start: 0, end: text.length };
      }
      return r;
    }
    case 'vector': {
      const plain = plainVector(text, rows);
      return plain ? { ok: true, value: plain } : readVector(text, { length: rows });
    }
    case 'matrix': {
      const plain = plainMatrix(text, rows, cols);
      return plain ? { ok: true, value: plain } : readMatrix(text, { rows, cols });
    }
    case 'label':
      return readLabel(text, spec.labels);
    case 'expression':
      return readExpression(text, spec.vars);
    case 'expression-vector':
      return readExpressionVector(text, spec.vars, { length: rows });
    case 'expression-matrix':
      return readExpressionMatrix(text, spec.vars, { rows, cols });
  }
}
