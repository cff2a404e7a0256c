/**
 * The shapes lib/content produces: a parsed lesson, a loaded course (what the database
 * seed stores) and a problem found in the content.
 */
import type { AssessmentDef } from './assessments';
import type { ExerciseSettings } from './settings';

/** A JSON value, as the static evaluator of MDX props produces it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A problem found in the content; line and column are 1-based. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** A place in a source file (1-based line and column). */
export interface Loc {
  line: number;
  column: number;
}

/** The `meta` export every lesson starts with. */
export interface LessonMeta {
  title: string;
  summary: string;
  objectives: string[];
}

/** One <Exercise … /> element of a lesson, as written. */
export interface ParsedExercise {
  /** The author's id (kebab-case, unique within the course); "" when missing. */
  id: string;
  /** The spec template: `kind`, the kind's inputs, rtol/atol, `params` and `where`. */
  spec: Record<string, JsonValue>;
  settings: ExerciseSettings;
  /** 0-based order among the lesson's exercises. */
  position: number;
  /** Where the element starts. */
  line: number;
  column: number;
  /**
   * Where each prop and each nested value was written, by path: "f", "at", "at.1",
   * "params.a.min". Lets a problem found later (an invalid input) point at its source.
   */
  locations: Record<string, Loc>;
  /** Props whose value could not be read (not literals; "..." for a spread): already reported. */
  unread: string[];
}

/** One <Figure name="…" … /> placeholder of a lesson. */
export interface ParsedFigure {
  name: string;
  props: Record<string, JsonValue>;
  line: number;
  column: number;
}

/** One $…$ or $$…$$ formula of a lesson. */
export interface Formula {
  tex: string;
  display: boolean;
  line: number;
  column: number;
}

/** What parseLesson reads from one lesson's MDX source. */
export interface ParsedLesson {
  /** null when the lesson has no valid `export const meta = {…}`. */
  meta: LessonMeta | null;
  exercises: ParsedExercise[];
  figures: ParsedFigure[];
  formulas: Formula[];
  problems: Problem[];
}

/** One exercise of a loaded course, ready to store (matches the database seed's ExerciseData). */
export interface ExerciseData {
  /** The exercise's id in the content: unique within the course and stable. */
  key: string;
  kind: string;
  /** The kind's grader version. */
  kindVersion: number;
  /** The spec template as authored, including `params` and `where`. */
  spec: Record<string, JsonValue>;
  /** sha256 (hex) of the canonical JSON of `spec`. */
  specHash: string;
  /** 0-based order within its lesson. */
  position: number;
  settings: ExerciseSettings;
}

/** One lesson of a loaded course (matches the database seed's LessonData, plus metadata). */
export interface LessonData {
  slug: string;
  title: string;
  summary: string;
  objectives: string[];
  /** 0-based order within the course. */
  position: number;
  /** Path of the lesson's MDX file. */
  file: string;
  exercises: ExerciseData[];
}

/** A course read from its folder (matches the database seed's CourseData, plus metadata). */
export interface CourseData {
  slug: string;
  title: string;
  description: string;
  lessons: LessonData[];
  /** The course's assessments (assessments/<slug>.json), in file-name order (synced in compareAssessments order). */
  assessments: AssessmentDef[];
}
