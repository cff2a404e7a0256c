/**
 * Reading and comparing student answers. Pure TypeScript: runs unchanged in the
 * browser, on the server and in the CLI. See ./read for the accepted forms and
 * ./syntax for the grammar, precedence and limits.
 */
export { DEFAULT_TOLERANCE, type Tolerance, type Read, type ReadError } from './types';
export {
  readNumber,
  readVector,
  readMatrix,
  readExpression,
  readExpressionVector,
  readExpressionMatrix,
  readLabel,
  previewTex,
  normaliseLabel,
  type Expr,
} from './read';
export { numbersClose, numberAccepted, correctlyRounded, expressionsEqual, comparisonPoints, EXPRESSION_RTOL, EXPRESSION_ATOL, type Reference } from './compare';
export { MAX_LENGTH, MAX_DEPTH, MAX_NODES, MAX_NESTING, type Limits } from './syntax';
export { FUNCTION_NAMES } from './functions';
export { readShaped, type ShapeSpec, type ShapedValue, type ValueShape } from './shaped';
export { shapeHint, accuracyHint, significantFigures } from './hint';
