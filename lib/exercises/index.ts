/**
 * The public API of the exercise engine: kinds, spec validation, solving, reading,
 * grading, randomised variants and LaTeX helpers.
 */
export * from './types';
export { KINDS } from './registry';
export {
  solveSpec,
  validateSpec,
  readAnswer,
  gradeParsed,
  gradeText,
  getKind,
  kindNames,
  canonicalJson,
  isFiniteAnswer,
  parsedToJson,
  type Solved,
  type Parsed,
} from './engine';
export { baseSpec, fnField, varsField, vecField, matField, symMatField, parseSpec, asSpecError, requireSpec, toleranceOf } from './spec';
export { texNumber, texParen, texVector, texMatrix, texExprVector, texExprMatrix, texPoint } from './latex';
export { hashSeed, rng, drawParam, drawParams, substitute, generateVariant, type ParamDef, type ParamValues, type VariantOptions } from './params';
