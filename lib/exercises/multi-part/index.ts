/**
 * `multi-part`: one variant shared by several parts ("compute ∇f, then H, then the Newton
 * step"), each part an author kind (`number`, `vector`, `matrix`, `expression`, `choice`)
 * with its own answer and mistakes. A part with `from: ["grad", "hess"]` follows through: its
 * answer is an expression in those earlier parts, evaluated with the student's own answers to
 * them (the reference values when they left them blank), so one early slip is not punished in
 * every later part. Reading and grading are lib/exercises/parts.ts.
 */
import { z } from 'zod';
import { isFreeName, solveWithEngine, specMessage, valueShape, type AuthorValue, type ScopeValue } from '../author';
import type { Expr } from '@/lib/answers';
import { kind as choice } from '../choice';
import { hashSeed } from '@/lib/math/random';
import { baseSpec } from '../spec';
import type { Parsed, Solved } from '../engine';
import type { PartPlan, PartsParsed } from '../parts';
import { SpecError, type ExerciseKind, type Grade, type Solution, type Step } from '../types';
import { promptField } from '../author';

const PART_KINDS = ['number', 'vector', 'matrix', 'expression', 'choice'] as const;
/** Kinds that can follow through, and the kinds of the earlier parts each can follow through from. */
const FOLLOWS: Record<string, readonly string[]> = {
  number: ['number', 'vector', 'matrix', 'expression'],
  vector: ['number', 'vector', 'matrix', 'expression'],
  matrix: ['number', 'vector', 'matrix', 'expression'],
  // A formula takes an earlier number as a constant and an earlier formula as a sub-formula.
  expression: ['number', 'expression'],
};
/** Fields of a part that belong to the multi-part exercise, not to the part's own kind. */
const PART_FIELDS = ['id', 'label', 'weight', 'from'];

const part = z
  .object({
    id: z.string({ error: 'each part needs an id, e.g. id: "grad"' }).regex(/^[a-z][a-z0-9]*$/, 'a part id is lower-case letters and digits, starting with a letter (e.g. "grad", "step2")'),
    kind: z.enum(PART_KINDS, { error: `a part's kind is one of ${PART_KINDS.join(', ')}` }),
    label: z.string().trim().min(1, 'the label is empty').max(60, 'a label is at most 60 characters').optional(),
    weight: z.number().positive('a weight is a positive number').optional(),
    from: z.union([z.string(), z.array(z.string())]).optional(),
    prompt: z.string().trim().min(1, 'the prompt is empty').optional(),
  })
  .passthrough();

const schema = baseSpec.extend({
  kind: z.literal('multi-part'),
  prompt: promptField,
  parts: z.array(part, { error: 'expected a list of parts: parts={[{id: "grad", kind: "vector", answer: …}, …]}' }).min(2, 'a multi-part exercise has at least two parts').max(10, 'at most 10 parts'),
});
export type MultiPartSpec = z.infer<typeof schema>;
type Part = MultiPartSpec['parts'][number];

function labelOf(p: Part, i: number): string {
  return p.label ?? `(${'abcdefghij'[i]})`;
}

function fromOf(p: Part): string[] {
  return p.from === undefined ? [] : Array.isArray(p.from) ? p.from : [p.from];
}

/** The spec of part i, with `scope` the values of the parts it follows through from. */
function partSpec(spec: MultiPartSpec, i: number, scope: Record<string, ScopeValue>): Record<string, unknown> {
  const p = spec.parts[i];
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!PART_FIELDS.includes(k)) own[k] = v;
  own.prompt ??= labelOf(p, i);
  if (spec.rtol !== undefined) own.rtol ??= spec.rtol;
  if (spec.atol !== undefined) own.atol ??= spec.atol;
  if (fromOf(p).length > 0) own.scope = scope;
  return own;
}

/** Solves part i in `scope`; a SpecError names the part's field (parts.i.<field>). */
function solvePart(spec: MultiPartSpec, i: number, scope: Record<string, ScopeValue>): Solved {
  try {
    return solveWithEngine(partSpec(spec, i, scope));
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    throw new SpecError(`parts.${i}.${err.field}`, specMessage(err));
  }
}

/** Checks ids, `from` and each part's fields; returns every part solved with the reference values. */
function referenceParts(spec: MultiPartSpec): Solved[] {
  const ids = spec.parts.map((p) => p.id);
  const solved: Solved[] = [];
  spec.parts.forEach((p, i) => {
    if (ids.indexOf(p.id) !== i) throw new SpecError(`parts.${i}.id`, `the id "${p.id}" is used by an earlier part`);
    if (!isFreeName(p.id)) throw new SpecError(`parts.${i}.id`, `"${p.id}" is a constant or function name: choose another id`);
    const from = fromOf(p);
    const takes = FOLLOWS[p.kind];
    if (from.length > 0 && !takes) throw new SpecError(`parts.${i}.from`, 'only number, vector, matrix and expression parts can follow through from earlier parts');
    from.forEach((name) => {
      const k = ids.indexOf(name);
      if (k < 0) throw new SpecError(`parts.${i}.from`, `there is no part "${name}" (the parts are ${ids.join(', ')})`);
      if (k === i) throw new SpecError(`parts.${i}.from`, 'a part cannot follow through from itself');
      if (k > i) throw new SpecError(`parts.${i}.from`, `part "${name}" comes later: a part can only follow through from an earlier one`);
      if (!takes.includes(spec.parts[k].kind)) {
        throw new SpecError(`parts.${i}.from`, `part "${name}" is a ${spec.parts[k].kind} part: ${p.kind} parts follow through only from ${takes.join(', ')} parts`);
      }
    });
    const own = solvePart(spec, i, scopeOf(spec, i, solved, new Map()));
    const known = Object.keys((own.kind.schema as unknown as { shape: Record<string, unknown> }).shape);
    for (const key of Object.keys(p)) {
      if (!PART_FIELDS.includes(key) && !known.includes(key)) {
        throw new SpecError(`parts.${i}.${key}`, `a ${p.kind} part has no field "${key}" (it takes ${[...PART_FIELDS, ...known.filter((k) => k !== 'kind' && k !== 'scope')].join(', ')})`);
      }
    }
    solved.push(own);
  });
  return solved;
}

/** The values part i follows through from: the student's answers where given, the references otherwise. */
function scopeOf(spec: MultiPartSpec, i: number, reference: Solved[], earlier: ReadonlyMap<string, Parsed>): Record<string, ScopeValue> {
  const scope: Record<string, ScopeValue> = {};
  for (const name of fromOf(spec.parts[i])) {
    const k = spec.parts.findIndex((p) => p.id === name);
    const own = earlier.get(name);
    if (spec.parts[k].kind === 'expression') {
      // A formula: the student's own (as read, in mathjs syntax), the reference's otherwise.
      const ref = reference[k].solution.answer as string | string[] | string[][];
      scope[name] = { vars: reference[k].vars, formula: formulaTexts(own, ref) ?? ref };
      continue;
    }
    const ref = reference[k].solution.answer as AuthorValue;
    scope[name] = isValue(own) && valueShape(own) === valueShape(ref) ? own : ref;
  }
  return scope;
}

/** The texts of a student's formula(s) read in the reference's shape, or null (blank, or another shape). */
function formulaTexts(own: Parsed | undefined, ref: string | string[] | string[][]): string | string[] | string[][] | null {
  const text = (e: unknown) => (typeof e === 'object' && e !== null && typeof (e as Expr).text === 'string' ? (e as Expr).text : null);
  if (own === undefined) return null;
  if (typeof ref === 'string') return text(own);
  if (!Array.isArray(own) || own.length !== ref.length) return null;
  if (ref.every((r) => typeof r === 'string')) {
    const out = (own as unknown[]).map(text);
    return out.every((t) => t !== null) ? (out as string[]) : null;
  }
  const rows = (own as unknown[]).map((r, a) => (Array.isArray(r) && r.length === (ref[a] as string[]).length ? r.map(text) : null));
  return rows.every((r) => r !== null && r.every((t) => t !== null)) ? (rows as string[][]) : null;
}

function isValue(v: Parsed | undefined): v is AuthorValue {
  if (typeof v === 'number') return true;
  return Array.isArray(v) && v.every((x) => typeof x === 'number' || (Array.isArray(x) && x.every((y) => typeof y === 'number')));
}

/** The question and each part's; on the card a choice part's options are left to its answer box. */
function promptOf(spec: MultiPartSpec, card: boolean): string {
  const lines = spec.parts.map((p, i) => {
    const own = partSpec(spec, i, {});
    const text = p.kind === 'choice' ? (card ? choice.cardPrompt! : choice.prompt)(own as never) : String(own.prompt);
    return `${labelOf(p, i)} ${text === labelOf(p, i) ? '' : text}`.trimEnd();
  });
  return [spec.prompt, ...lines].join('\n');
}

/**
 * A right part that follows through from earlier parts the student answered wrongly is noted
 * "Correct given your part (a)." (check "<part>.given-earlier"): it was graded against their own.
 */
function givenEarlier(spec: MultiPartSpec, parsed: PartsParsed, grade: Grade): Grade {
  const graded = new Map((grade.parts ?? []).map((p) => [p.id, p]));
  const answered = new Set(parsed.parts.filter((p) => p.value !== null).map((p) => p.id));
  const trail = [...grade.trail];
  spec.parts.forEach((p) => {
    const own = graded.get(p.id);
    if (!own?.grade.correct) return;
    const wrong = fromOf(p).filter((id) => answered.has(id) && graded.get(id)?.grade.correct === false);
    if (wrong.length === 0) return;
    const labels = wrong.map((id) => graded.get(id)!.label);
    own.grade = { ...own.grade, feedback: [`Correct given your part${labels.length > 1 ? 's' : ''} ${labels.join(' and ')}.`] };
    trail.push({ name: `${p.id}.given-earlier`, passed: true });
  });
  return { ...grade, trail };
}

/** An answer as text for the list of the parts' answers (the CLI's `solve`). */
function answerText(a: Solution['answer']): string {
  return typeof a === 'string' ? a : JSON.stringify(a);
}

export const kind: ExerciseKind<MultiPartSpec, string[]> = {
  kind: 'multi-part',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  // 3: expression parts follow through (from number and expression parts, and into value parts);
  //    a right part whose earlier parts were wrong says "Correct given your part …".
  version: 3,
  title: 'Several parts',
  description: 'Several parts (number, vector, matrix, expression, choice) on one variant and its params, each graded; a part with from: ["grad"] is graded against the student’s own earlier answer (follow-through).',
  schema,
  shape: () => 'parts',
  prompt: (spec) => promptOf(spec, false),
  cardPrompt: (spec) => promptOf(spec, true),
  solve(spec) {
    const parts = referenceParts(spec);
    const steps: Step[] = parts.flatMap((s, i) => s.solution.steps.map((st) => ({ title: `${labelOf(spec.parts[i], i)} ${st.title}`, latex: st.latex })));
    const latex = `\\begin{aligned}${parts.map((s, i) => `&\\text{(${'abcdefghij'[i]})}\\quad ${s.solution.latex}`).join('\\\\')}\\end{aligned}`;
    return { answer: parts.map((s) => answerText(s.solution.answer)), latex, steps };
  },
  parts(solved): PartPlan[] {
    const spec = solved.spec as MultiPartSpec;
    const reference = referenceParts(spec);
    return spec.parts.map((p, i) => ({
      id: p.id,
      label: labelOf(p, i),
      weight: p.weight ?? 1,
      reference: reference[i],
      solve: (earlier) => (fromOf(p).length === 0 ? reference[i] : solvePart(spec, i, scopeOf(spec, i, reference, earlier))),
    }));
  },
  afterParts(solved, parsed, grade) {
    return givenEarlier(solved.spec as MultiPartSpec, parsed, grade);
  },
  vary(variant, seed) {
    const parts = (variant as { parts?: unknown }).parts;
    if (!Array.isArray(parts)) return variant;
    return {
      ...variant,
      parts: parts.map((p: Record<string, unknown>) => (p && p.kind === 'choice' ? choice.vary!(p, hashSeed(seed, String(p.id))) : p)),
    };
  },
  mistakes: [],
};
