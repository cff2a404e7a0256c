/**
 * `matrix`: a question whose answer, a matrix, the author writes; see ../value-kinds.ts.
 */
import { valueKind } from '../value-kinds';

export const kind = valueKind('matrix');
