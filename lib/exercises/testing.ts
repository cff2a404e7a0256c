/**
 * Small helpers for the kinds' tests: grade a text and insist it was read, or insist
 * that it could not be read; catch the SpecError of a bad spec.
 */
import { gradeText, solveSpec } from './engine';
import { SpecError, type Grade } from './types';

/** The grade of `text` for `spec`; throws when the spec is invalid or the text unreadable. */
export function grade(spec: unknown, text: string): Grade {
  const r = gradeText(spec, text);
  if (!r.ok) throw new Error(`expected a grade, got an error: ${r.error.message}`);
  return r.grade;
}

/** The read error for `text`; throws when the text was read and graded. */
export function readError(spec: unknown, text: string): { message: string; start?: number; end?: number } {
  const r = gradeText(spec, text);
  if (r.ok) throw new Error(`expected a read error, got a grade: ${JSON.stringify(r.grade)}`);
  if (r.error.field !== undefined) throw new Error(`expected a read error, got a spec error: ${r.error.message}`);
  return r.error;
}

/** The SpecError thrown by solving `spec`; throws when it solves. */
export function specError(spec: unknown): SpecError {
  try {
    solveSpec(spec);
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error(`expected a SpecError for ${JSON.stringify(spec)}`);
}

/** The diagnosis id of a graded text (undefined when none). */
export function diagnosisOf(spec: unknown, text: string): string | undefined {
  return grade(spec, text).diagnosis?.id;
}
