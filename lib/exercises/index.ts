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
  gradeAnswer,
  gradeText,
  answerForm,
  cardPrompt,
  verdictOf,
  mistakeCheck,
  entryCheck,
  partPlan,
  mistakesInTrail,
  getKind,
  labelsOf,
  kindNames,
  canonicalJson,
  isFiniteAnswer,
  parsedToJson,
  type Solved,
  type Parsed,
  type ParsedJson,
  type GradedAnswer,
} from './engine';
export { baseSpec, fnField, varsField, vecField, matField, symMatField, parseSpec, asSpecError, requireSpec, toleranceOf } from './spec';
export { texNumber, texParen, texVector, texMatrix, texExprVector, texExprMatrix, texPoint } from './latex';
export { hashSeed, rng } from '@/lib/math/random';
export { drawParam, drawParams, substitute, generateVariant, solveVariant, variantParams, paramsOf, type ParamDef, type ParamValues, type VariantOptions } from './params';
export { writtenMistakes } from './author';
export { readParts, gradeParts, partTexts, isPartsParsed, MAX_PARTS_TEXT, type PartPlan, type PartRead, type PartsParsed, type PartGrade } from './parts';
export { traceRowsText, cellId, TRACE_COLUMNS, type TraceColumn, type TraceSpec } from './trace';
