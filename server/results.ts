/**
 * Stored grading results: a Grade from the engine as it is stored (on an Attempt, or on a
 * later Grade row written by a regrade), which of them counts, and how a stored result is
 * shown — to the student (GradeView, AttemptResult) and to instructors (ResultSummary, the
 * trail of checks). Pure: no database access here.
 */
import { entryCheck, getKind, mistakeCheck, mistakesInTrail, verdictOf, writtenMistakes, type Check, type Diagnosis, type EntryCredit, type Grade } from '@/lib/exercises';
import type { AttemptResult, GradeView, PartView, ResultSummary } from '@/server/wire';

/** The graded fields an Attempt and a Grade row share. */
export interface StoredResult {
  score: number;
  correct: boolean;
  entries: unknown;
  feedback: unknown;
  diagnosisId: string | null;
  /** [{ name, passed }]; null on rows graded before trails were stored. */
  trail: unknown;
  /** An answer in several parts: StoredPart[]; null otherwise. */
  parts: unknown;
}

/** One part's result, as stored with an answer in several parts (its diagnosis sentence with it: parts are of many kinds). */
interface StoredPart {
  id: string;
  label: string;
  score: number;
  correct: boolean;
  entries: EntryCredit[] | null;
  feedback: string[];
  diagnosis: Diagnosis | null;
}

/** A Grade as it is stored. */
export function storedResult(grade: Grade): StoredResult {
  return {
    score: grade.score,
    correct: grade.correct,
    entries: grade.entries ?? null,
    feedback: grade.feedback,
    diagnosisId: grade.diagnosis?.id ?? null,
    trail: grade.trail,
    parts: grade.parts
      ? grade.parts.map(({ id, label, grade: g }): StoredPart => ({
          id,
          label,
          score: g.score,
          correct: g.correct,
          entries: g.entries ?? null,
          feedback: g.feedback,
          diagnosis: g.diagnosis ?? null,
        }))
      : null,
  };
}

function partList(value: unknown): PartView[] | null {
  if (!Array.isArray(value)) return null;
  return (value as StoredPart[]).map((p) => ({
    id: String(p.id),
    label: String(p.label),
    verdict: verdictOf(p.correct === true, Number(p.score) || 0),
    correct: p.correct === true,
    score: Number(p.score) || 0,
    entries: entryList(p.entries),
    feedback: stringList(p.feedback),
    diagnosis: p.diagnosis && typeof p.diagnosis.id === 'string' ? { id: p.diagnosis.id, message: String(p.diagnosis.message) } : null,
  }));
}

/** Include the newest Grade of each attempt: a regrade supersedes the attempt's own result. */
export const NEWEST_GRADE = { grades: { orderBy: { createdAt: 'desc' }, take: 1 } } as const;

/** The result that counts for an attempt: its newest regrade, or its own grading. */
export function effective<A, G>(a: A & { grades: G[] }): A | G {
  return a.grades[0] ?? a;
}

/** The sentence of a kind's mistake, by id (the database keeps only the id). */
export function diagnosisOf(kindName: string, id: string | null, spec?: unknown): Diagnosis | null {
  if (!id) return null;
  const mistake = getKind(kindName)?.mistakes.find((m) => m.id === id) ?? writtenMistakes(spec).find((m) => m.id === id);
  return { id, message: mistake?.message ?? 'This looks like a known mistake.' };
}

/** The strings of a stored JSON list (feedback sentences); anything else gives []. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function entryList(value: unknown): EntryCredit[] | null {
  return Array.isArray(value) ? (value as EntryCredit[]) : null;
}

/**
 * The trail of checks of a stored result. Rows graded before trails were stored get the one
 * the grader would have written from what they keep: a check per entry (or one for the
 * value), and the recognised mistake.
 */
export function trailOf(r: Pick<StoredResult, 'trail' | 'entries' | 'correct' | 'diagnosisId'>): Check[] {
  if (Array.isArray(r.trail)) {
    return r.trail.filter((c): c is Check => typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.passed === 'boolean');
  }
  const entries = entryList(r.entries);
  const trail: Check[] = entries
    ? entries.map((e) => ({ name: entryCheck(e.index), passed: e.correct }))
    : [{ name: 'value', passed: r.correct }];
  if (r.diagnosisId) trail.push({ name: mistakeCheck(r.diagnosisId), passed: true });
  return trail;
}

/** The mistakes a stored result recognised, read off its trail (or its diagnosis, on rows graded before trails). */
export function mistakesOf(r: Pick<StoredResult, 'trail' | 'diagnosisId'>): string[] {
  if (Array.isArray(r.trail)) return mistakesInTrail(trailOf({ trail: r.trail, entries: null, correct: false, diagnosisId: null }));
  return r.diagnosisId ? [r.diagnosisId] : [];
}

/** A stored result as the student sees it, for an exercise of kind `kindName` (and spec `spec`, where its author wrote mistakes). */
export function gradeView(kindName: string, r: StoredResult, spec?: unknown): GradeView {
  return {
    verdict: verdictOf(r.correct, r.score),
    correct: r.correct,
    score: r.score,
    entries: entryList(r.entries),
    feedback: stringList(r.feedback),
    diagnosis: diagnosisOf(kindName, r.diagnosisId, spec),
    parts: partList(r.parts),
  };
}

/** What toResult reads of a stored attempt. */
export interface ResultRow extends StoredResult {
  id: string;
  answerText: string;
  createdAt: Date;
  /** Its newest regrade first, if any. */
  grades: StoredResult[];
}

/** A stored attempt as the student sees it: its effective result. */
export function toResult(kindName: string, a: ResultRow, spec?: unknown): AttemptResult {
  return { id: a.id, answerText: a.answerText, createdAt: a.createdAt.toISOString(), ...gradeView(kindName, effective(a), spec) };
}

/** The summary of an attempt's or a Grade's result, for an exercise of kind `kindName`. */
export function resultSummary(kindName: string, r: { score: number; correct: boolean; diagnosisId: string | null }): ResultSummary {
  return {
    score: r.score,
    correct: r.correct,
    verdict: verdictOf(r.correct, r.score),
    diagnosisId: r.diagnosisId,
    diagnosis: diagnosisOf(kindName, r.diagnosisId)?.message ?? null,
  };
}
