/**
 * Course content: the lesson format's parser, exercise settings and reveal rules,
 * the rules a student meets (attempts, due dates, what may be shown), figure names,
 * per-student seeds and the exercise checks. Everything exported here is
 * pure and runs in the browser too. Node-only parts are imported by path:
 * `@/lib/content/load` (loadCourse, listCourses) and `@/lib/content/check` (checkContent).
 */
export * from './types';
export { formatProblem } from './problems';
export { parseLesson, formulasIn, evaluateLiteral, LESSON_ELEMENTS } from './parse';
export {
  REVEAL_POLICIES,
  DEFAULT_ATTEMPTS,
  DEFAULT_REVEAL,
  SETTING_PROPS,
  readSettings,
  splitExerciseProps,
  settingsOf,
  attemptsLeft,
  mayReveal,
  type RevealPolicy,
  type ExerciseSettings,
  type RevealState,
  type SettingProblem,
} from './settings';
export { FIGURES, figureNames, type FigureInfo } from './figures';
export { SEED_LIMIT, DEFAULT_SEED, BAD_SEED_MESSAGE, exerciseSeed, variantSeed, parseSeed, randomSeed } from './seeds';
export { rulesFor, standing, type LessonRules, type Rules, type Standing, type StandingStatus, type AttemptScore } from './rules';
export { checkExercise, kindProps, katexError, fieldLocation, SWEEP_SEEDS, PROMPT_SEEDS, type CheckExerciseOptions } from './exercise';
export {
  ASSESSMENT_TYPES,
  ASSESSMENT_REVEALS,
  ASSESSMENT_SESSIONS,
  ASSESSMENT_KEYS,
  readAssessment,
  drawSlots,
  drawTotal,
  countUses,
  compareAssessments,
  weightedTotal,
  assessmentPoints,
  type WeightedPart,
  type AssessmentType,
  type AssessmentReveal,
  type AssessmentDef,
  type Slot,
  type Zone,
  type Uses,
  type DrawnQuestion,
} from './assessments';
