/**
 * `vector`: a question whose answer, a vector, the author writes; see ../value-kinds.ts.
 */
import { valueKind } from '../value-kinds';

export const kind = valueKind('vector');
