/**
 * Answers in several parts: a multi-part exercise ("compute ∇f, then H, then the Newton
 * step") or an algorithm trace (one row per iteration). A kind whose answers have parts
 * gives the engine its plan (`ExerciseKind.parts`); reading and grading are then the same
 * for every such kind:
 *
 * - The answer text is a JSON object with the text typed in each part's box, by part id:
 *   `{"grad": "[1, 2]", "hess": "[2, 1; 1, 2]"}`. A part left out or blank is unanswered
 *   (graded 0, not an error).
 * - Parts are read in order. Each part's variant is made by the plan from the student's own
 *   answers to the parts before it (follow-through: an early slip is not punished again in
 *   every later part), and read in that part's shape; a part that cannot be read makes the
 *   whole answer unreadable — with the part named — and is not an attempt.
 * - Each part is graded like a one-part answer (per-entry credit, mistakes); the score is the
 *   weighted mean, correct means every part is, and the trail holds each part's checks
 *   prefixed with its id ("hess.entry (1, 2)").
 */
import type { Read } from '@/lib/answers/types';
import type { Parsed, ParsedJson, Solved } from './engine';
import { SpecError, type Grade } from './types';

/** One part of an answer in several parts. */
export interface PartPlan {
  /** Stable id (kebab-case): the key of the part's text in the answer, and of its checks in the trail. */
  id: string;
  /** Plain text shown by the part's box, e.g. "(a) ∇f(x₀)". */
  label: string;
  /** The part's share of the score, relative to the others (> 0). */
  weight: number;
  /** The part with every earlier part at its reference value: what the worked answer shows and the box's shape. */
  reference: Solved;
  /**
   * The part's variant given the student's answers to the parts before it (read values by id;
   * unanswered parts are absent). Throws SpecError when the student's earlier answers leave
   * nothing to check against (e.g. their Hessian is singular, so no Newton step exists).
   */
  solve(earlier: ReadonlyMap<string, Parsed>): Solved;
}

/** One part of an answer as read: its variant (after follow-through) and the value read, or why it cannot be checked. */
export interface PartRead {
  id: string;
  /** null: left blank. */
  value: Parsed | null;
  solved: Solved | null;
  /** Set when the part's variant could not be made from the student's earlier answers. */
  unsolvable?: string;
}

/** An answer in several parts, as read. */
export interface PartsParsed {
  parts: PartRead[];
}

/** The grade of one part, inside a Grade of an answer in several parts. */
export interface PartGrade {
  id: string;
  label: string;
  grade: Grade;
}

/** The longest answer in several parts read (its JSON text): the longest answer POST /api/attempts takes. */
export const MAX_PARTS_TEXT = 10_000;

/** Whether a parsed answer is an answer in several parts. */
export function isPartsParsed(parsed: unknown): parsed is PartsParsed {
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Array.isArray((parsed as PartsParsed).parts);
}

/** The texts of an answer in several parts, by part id, or where the JSON is wrong. */
export function partTexts(text: string, ids: readonly string[]): Read<Record<string, string>> {
  const fail = (message: string) => ({ ok: false as const, message, start: 0, end: text.length });
  if (text.length > MAX_PARTS_TEXT) return fail(`the answer is longer than ${MAX_PARTS_TEXT} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('this answer has several parts: send them as a JSON object of texts by part, e.g. {"a": "[1, 2]"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a JSON object of texts by part');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!ids.includes(k)) return fail(`there is no part "${k}" (the parts are ${ids.map((i) => `"${i}"`).join(', ')})`);
    if (typeof v !== 'string') return fail(`part "${k}": expected the text typed in its box`);
    out[k] = v;
  }
  return { ok: true, value: out };
}

/**
 * Reads an answer in several parts: each part in order, against its variant made from the
 * student's earlier parts. `readPart` is the engine's reader of one part. A part that cannot
 * be read gives the error of that part, its label in front and `part` set to its id.
 */
export function readParts(
  plan: readonly PartPlan[],
  text: string,
  readPart: (solved: Solved, text: string) => Read<Parsed>,
): Read<PartsParsed> {
  const texts = partTexts(text, plan.map((p) => p.id));
  if (!texts.ok) return texts;
  const earlier = new Map<string, Parsed>();
  const parts: PartRead[] = [];
  for (const part of plan) {
    const t = texts.value[part.id] ?? '';
    if (t.trim() === '') {
      parts.push({ id: part.id, value: null, solved: null });
      continue;
    }
    let solved: Solved;
    try {
      solved = part.solve(earlier);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      // Nothing to check this part against; it is still read in the reference's shape.
      const read = readPart(part.reference, t);
      if (!read.ok) return { ...read, message: `${part.label}: ${read.message}`, part: part.id };
      earlier.set(part.id, read.value);
      parts.push({ id: part.id, value: read.value, solved: null, unsolvable: err.message });
      continue;
    }
    const read = readPart(solved, t);
    if (!read.ok) return { ...read, message: `${part.label}: ${read.message}`, part: part.id };
    earlier.set(part.id, read.value);
    parts.push({ id: part.id, value: read.value, solved });
  }
  return { ok: true, value: { parts } };
}

/**
 * Grades an answer in several parts, each part with `gradePart` (the engine's grader of one
 * part): the weighted mean of the parts' scores, correct when every part is, each part's
 * feedback after its label, and each part's checks in the trail prefixed by its id.
 */
export function gradeParts(plan: readonly PartPlan[], parsed: PartsParsed, gradePart: (solved: Solved, value: Parsed) => Grade): Grade {
  const byId = new Map(parsed.parts.map((p) => [p.id, p]));
  const parts: PartGrade[] = plan.map((part) => {
    const read = byId.get(part.id);
    let grade: Grade;
    if (!read || read.value === null) {
      grade = { correct: false, score: 0, feedback: ['No answer.'], trail: [{ name: 'answered', passed: false }] };
    } else if (!read.solved) {
      grade = {
        correct: false,
        score: 0,
        feedback: [`This part could not be checked against your earlier answers: ${read.unsolvable ?? 'they leave no answer to compare with'}.`],
        trail: [{ name: 'checkable', passed: false }],
      };
    } else grade = gradePart(read.solved, read.value);
    return { id: part.id, label: part.label, grade };
  });
  const total = plan.reduce((sum, p) => sum + p.weight, 0);
  const score = total > 0 ? parts.reduce((sum, p, i) => sum + plan[i].weight * p.grade.score, 0) / total : 0;
  const correct = parts.every((p) => p.grade.correct);
  const feedback = correct
    ? ['Correct.']
    : parts.filter((p) => !p.grade.correct).flatMap((p) => p.grade.feedback.map((f) => `${p.label}: ${f}`));
  return {
    correct,
    score,
    feedback,
    trail: parts.flatMap((p) => p.grade.trail.map((c) => ({ name: `${p.id}.${c.name}`, passed: c.passed }))),
    parts,
  };
}

/** An answer in several parts as stored: each part's value read, by part id (null when blank). */
export function partsToJson(parsed: PartsParsed, toJson: (p: Parsed) => ParsedJson): Record<string, ParsedJson | null> {
  return Object.fromEntries(parsed.parts.map((p) => [p.id, p.value === null ? null : toJson(p.value)]));
}
