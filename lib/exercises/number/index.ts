/**
 * `number`: a question whose answer, a number, the author writes; see ../value-kinds.ts.
 */
import { valueKind } from '../value-kinds';

export const kind = valueKind('number');
