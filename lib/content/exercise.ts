/**
 * Checking one exercise of a lesson against the engine: its kind exists, it has no
 * unknown props, its spec is valid, and every randomised variant of a sweep of seeds
 * solves to a finite answer with a prompt whose math KaTeX can render. Pure (no I/O),
 * like the engine it drives.
 */
import katex from 'katex';
import { generateVariant, getKind, isFiniteAnswer, solveSpec, SpecError, validateSpec, drawParams, rng, substitute, type ExerciseKind, type ParamDef } from '@/lib/exercises';
import { formulasIn } from './parse';
import type { Loc, ParsedExercise, Problem } from './types';

/** Seeds every randomised exercise must solve for (contract §5: at least 200). */
export const SWEEP_SEEDS = 200;

/**
 * Seeds whose prompts are rendered with KaTeX. A prompt's math depends on how the kind
 * formats a variant, not on the exact numbers, so the first seeds find a broken one;
 * rendering all 200 would double the cost of the sweep.
 */
export const PROMPT_SEEDS = 20;

/** Props of the spec template every kind accepts besides its own inputs. */
const TEMPLATE_PROPS = ['kind', 'rtol', 'atol', 'params', 'where'];

/** The props a kind's spec accepts (its schema's keys), or null when the schema does not list them. */
export function kindProps(kind: ExerciseKind): string[] | null {
  const shape = (kind.schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : null;
}

/**
 * Renders a formula with KaTeX as the app does (strict: ignore); returns KaTeX's error
 * message, or null when it renders.
 */
export function katexError(tex: string, display: boolean): string | null {
  // The same formula comes back in many prompts of a sweep ("x_1 = x_0 - H(x_0)^{-1}…"):
  // its answer is remembered (a pure function of the text and the mode; at most 5,000).
  const key = `${display ? 'D' : 'i'}${tex}`;
  const known = katexCache.get(key);
  if (known !== undefined) return known;
  const result = renderError(tex, display);
  if (katexCache.size >= KATEX_CACHE_SIZE) katexCache.delete(katexCache.keys().next().value as string);
  katexCache.set(key, result);
  return result;
}

const KATEX_CACHE_SIZE = 5000;
const katexCache = new Map<string, string | null>();

function renderError(tex: string, display: boolean): string | null {
  try {
    katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: 'ignore' });
    return null;
  } catch (err) {
    // KaTeX's ParseError keeps the message without the underlined excerpt in rawMessage.
    const raw = (err as { rawMessage?: unknown }).rawMessage;
    return typeof raw === 'string' ? raw : err instanceof Error ? err.message : String(err);
  }
}

/** Problems with the math of a Markdown text (a prompt or a hint), reported at `loc`. */
export function markdownMathProblems(text: string, what: string, file: string, loc: Loc): Problem[] {
  const out: Problem[] = [];
  for (const f of formulasIn(text)) {
    const err = katexError(f.tex, f.display);
    if (err) out.push({ file, ...loc, message: `KaTeX cannot render ${what}'s formula $${f.tex}$: ${err}` });
  }
  return out;
}

/**
 * Where a spec field named by a SpecError ("at.1", "params.a", "where.0") was written:
 * the longest recorded path that is a prefix of it, else the element itself.
 */
export function fieldLocation(ex: ParsedExercise, field: string): Loc {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const loc = ex.locations[parts.slice(0, n).join('.')];
    if (loc) return loc;
  }
  return { line: ex.line, column: ex.column };
}

/** What a sweep is: a randomised spec template, tried for `seeds` seeds with a kind's grader `version`. */
export interface Sweep {
  kind: string;
  version: number;
  seeds: number;
  spec: Record<string, unknown>;
}

/**
 * Sweeps that passed before (a sync keeps them in the database): a sweep found here is not
 * run again, and one that passes is added. check-content on the command line has none and
 * always sweeps.
 */
export interface SweepCache {
  has(sweep: Sweep): boolean;
  add(sweep: Sweep): void;
}

/** Options of checkExercise. */
export interface CheckExerciseOptions {
  /** Seeds to sweep for a randomised exercise (default SWEEP_SEEDS). */
  seeds?: number;
  /** Sweeps that passed before (see SweepCache). */
  swept?: SweepCache;
}

/**
 * Checks one parsed exercise: known kind, no unknown props, a valid spec for seed 0
 * (problems name the prop and point at it), and for randomised exercises every seed of
 * the sweep gives a variant that solves to a finite answer. The prompts of the first
 * PROMPT_SEEDS variants and the hints must render in KaTeX. Stops at the first failing seed.
 */
export function checkExercise(ex: ParsedExercise, file: string, opts: CheckExerciseOptions = {}): Problem[] {
  const at = (loc: Loc, message: string): Problem => ({ file, line: loc.line, column: loc.column, message });
  const element: Loc = { line: ex.line, column: ex.column };
  const name = ex.spec.kind;
  if (typeof name !== 'string') return []; // the parser reported the missing kind
  const kind = getKind(name);
  if (!kind) return [at(ex.locations.kind ?? element, `unknown kind "${name}" (see content/README.md for the kinds)`)];

  const problems: Problem[] = [];
  const known = kindProps(kind);
  if (known) {
    for (const prop of Object.keys(ex.spec)) {
      if (!known.includes(prop) && !TEMPLATE_PROPS.includes(prop)) {
        problems.push(at(ex.locations[prop] ?? element, `unknown prop "${prop}" for kind "${name}" (it takes ${known.filter((k) => k !== 'kind').join(', ')})`));
      }
    }
  }
  ex.settings.hints.forEach((hint, i) => problems.push(...markdownMathProblems(hint, `hint ${i + 1}`, file, fieldLocation(ex, `hints.${i}`))));
  if (ex.settings.title) problems.push(...markdownMathProblems(ex.settings.title, 'the title', file, fieldLocation(ex, 'title')));

  // Without all its props the spec cannot be judged; the parser reported the unread ones.
  if (ex.unread.length > 0) return problems;

  // The spec of seed 0's first draw must be valid; its problems name the prop.
  const { params, where: _where, ...rest } = ex.spec;
  const randomised = typeof params === 'object' && params !== null && !Array.isArray(params) && Object.keys(params).length > 0;
  try {
    const first = randomised ? substitute(rest, drawParams(params as Record<string, ParamDef>, rng(0))) : rest;
    validateSpec(first);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    problems.push(at(fieldLocation(ex, err.field), `invalid spec: ${err.message}`));
    return problems;
  }

  const seeds = randomised ? (opts.seeds ?? SWEEP_SEEDS) : 1;
  // The same template swept before with the same grader version solves for the same seeds.
  const sweep: Sweep | null = randomised && opts.swept ? { kind: name, version: kind.version, seeds, spec: ex.spec } : null;
  if (sweep && opts.swept!.has(sweep)) return problems;
  const before = problems.length;
  const prompts = new Set<string>();
  for (let seed = 0; seed < seeds; seed++) {
    let variant: Record<string, unknown>;
    try {
      variant = generateVariant(ex.spec, seed);
      const solved = solveSpec(variant);
      if (!isFiniteAnswer(solved.solution.answer)) throw new SpecError('spec', 'the answer is not finite');
      if (seed >= PROMPT_SEEDS) continue;
      const prompt = solved.kind.prompt(solved.spec);
      if (!prompts.has(prompt)) {
        prompts.add(prompt);
        const bad = markdownMathProblems(prompt, 'the prompt', file, element);
        if (bad.length > 0) {
          problems.push(...bad.map((p) => (randomised ? { ...p, message: `seed ${seed}: ${p.message}` } : p)));
          break;
        }
      }
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      const message = randomised ? `seed ${seed}: ${err.message}` : `cannot be solved: ${err.message}`;
      problems.push(at(fieldLocation(ex, err.field), message));
      break;
    }
  }
  if (sweep && problems.length === before) opts.swept!.add(sweep);
  return problems;
}
