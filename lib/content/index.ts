/**
 * Course content: the lesson format's parser, exercise settings and reveal rules,
 * figure names, per-student seeds and the exercise checks. Everything exported here is
 * pure and runs in the browser too. Node-only parts are imported by path:
 * `@/lib/content/load` (loadCourse, listCourses) and `@/lib/content/check` (checkContent).
 */
export * from './types';
export { parseLesson, formulasIn, evaluateLiteral, LESSON_ELEMENTS } from './parse';
export {
  REVEAL_POLICIES,
  DEFAULT_ATTEMPTS,
  DEFAULT_REVEAL,
  SETTING_PROPS,
  readSettings,
  attemptsLeft,
  mayReveal,
  type RevealPolicy,
  type ExerciseSettings,
  type RevealState,
  type SettingProblem,
} from './settings';
export { FIGURES, figureNames, type FigureInfo } from './figures';
export { exerciseSeed, checkExercise, kindProps, katexError, fieldLocation, SWEEP_SEEDS, PROMPT_SEEDS, type CheckExerciseOptions } from './exercise';
