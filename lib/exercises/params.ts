/**
 * Randomised exercises (contract §2): draw parameter values with a seeded generator,
 * substitute them into a spec template, respect the author's `where` conditions, and
 * keep only variants that solve. The same (template, seed) gives the same variant on
 * every machine: hashing and the generator use 32-bit integer arithmetic only.
 *
 * Template format:
 *   params: { a: { min: 1, max: 5 }, b: { min: -2, max: 2, step: 0.5, exclude: [0] }, c: [1, 2, 5] }
 *   where:  ["a != b", "det(answer) != 0"]
 * - A range with integer min, max and step (step defaults to 1) draws integers; otherwise
 *   decimals on the grid min + k·step, rounded to the decimals of min and step (without a
 *   step, the grid is one unit of the last decimal of min or max). A list draws one entry.
 * - `where` conditions are mathjs expressions over the params; a condition that names
 *   `answer` is checked after solving, with `answer` bound to the variant's answer.
 * - Substitution: `{a}` inside a string becomes the value, parenthesised when negative
 *   ("{a}*x^2" → "(-2)*x^2"). A string that is an entry of an array ("{p}", "{p}+1",
 *   "2*{q}") is evaluated to a number; so is a field whose whole value is "{a}" for a
 *   numeric a (e.g. `lr: "{alpha}"`). In a mistake's `message`, `{2*a}` (arithmetic in the
 *   params) becomes the number it gives, formatted as `{a}` is. `params` and `where` are
 *   removed from the variant.
 */
import { parse } from 'mathjs';
import { authorConstant, evaluateCondition, UnknownName } from './author';
import { getKind, solveSpec, type Solved } from './engine';
import { SpecError } from './types';
import { rng } from '@/lib/math/random';

/** One parameter: a numeric range or a list of values to pick from. */
export type ParamDef = { min: number; max: number; step?: number; exclude?: number[] } | (number | string)[];

/** The values drawn for one variant, by parameter name. */
export type ParamValues = Record<string, number | string>;

function decimals(x: number): number {
  const s = String(x);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2)) + Math.max(0, s.slice(0, e).split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** Draws one value of a parameter with `random`; throws SpecError naming `params.<name>` if the definition is invalid. */
export function drawParam(name: string, def: ParamDef, random: () => number): number | string {
  const field = `params.${name}`;
  if (Array.isArray(def)) {
    if (def.length === 0 || !def.every((v) => typeof v === 'string' || Number.isFinite(v))) {
      throw new SpecError(field, 'a list of values must be non-empty and hold numbers or strings');
    }
    return def[Math.floor(random() * def.length)];
  }
  if (typeof def !== 'object' || def === null || !Number.isFinite(def.min) || !Number.isFinite(def.max)) {
    throw new SpecError(field, 'expected { min, max, step?, exclude? } or a list of values');
  }
  const { min, max } = def;
  if (min > max) throw new SpecError(field, 'min is larger than max');
  const places = Math.max(decimals(min), decimals(max), def.step === undefined ? 0 : decimals(def.step));
  const step = def.step ?? 10 ** -Math.max(decimals(min), decimals(max));
  if (!(step > 0) || !Number.isFinite(step)) throw new SpecError(field, 'step must be a positive number');
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  const exclude = def.exclude ?? [];
  if (!Array.isArray(exclude) || !exclude.every(Number.isFinite)) throw new SpecError(field, 'exclude must be a list of numbers');
  const valueAt = (k: number) => Number((min + k * step).toFixed(places));
  const excluded = (v: number) => exclude.some((e) => Math.abs(e - v) <= 1e-12 * Math.max(1, Math.abs(v)));
  if (count <= 10_000) {
    const allowed: number[] = [];
    for (let k = 0; k < count; k++) if (!excluded(valueAt(k))) allowed.push(valueAt(k));
    if (allowed.length === 0) throw new SpecError(field, 'every value in the range is excluded');
    return allowed[Math.floor(random() * allowed.length)];
  }
  for (;;) {
    const v = valueAt(Math.floor(random() * count));
    if (!excluded(v)) return v;
  }
}

/** Draws every parameter (in sorted name order, so the draw does not depend on key order). */
export function drawParams(params: Record<string, ParamDef>, random: () => number): ParamValues {
  const values: ParamValues = {};
  for (const name of Object.keys(params).sort()) values[name] = drawParam(name, params[name], random);
  return values;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function formatValue(v: number | string): string {
  return typeof v === 'number' && v < 0 ? `(${v})` : String(v);
}

function substituteString(s: string, values: ParamValues): string {
  return s.replace(PLACEHOLDER, (whole, name: string) => (name in values ? formatValue(values[name]) : whole));
}

/** A number in a message as the card writes a value: to 6 significant figures, parenthesised when negative. */
function messageNumber(x: number): string {
  return formatValue(Number(x.toPrecision(6)));
}

/**
 * A mistake's message with the variant's values: `{a}` as in the prompt, and `{2*a}`, `{a^2 - b}`
 * (arithmetic in the params, in the author's sandbox) as the number it gives. Braces around
 * anything else (LaTeX such as `\frac{1}{2}`, a name that is no param) are left as written; an
 * expression in the params that gives no finite number is the author's error, at `field`.
 */
function substituteMessage(s: string, values: ParamValues, field: string): string {
  return s.replace(/\{([^{}]+)\}/g, (whole, inner: string) => {
    const name = inner.trim();
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name in values ? formatValue(values[name]) : whole;
    const names = [...inner.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m[0]);
    if (!names.some((n) => typeof values[n] === 'number')) return whole;
    try {
      parse(inner);
    } catch {
      return whole;
    }
    const text = inner.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (n) => (typeof values[n] === 'number' ? `(${values[n]})` : n));
    try {
      return messageNumber(authorConstant(text));
    } catch (err) {
      if (err instanceof UnknownName) return whole;
      throw new SpecError(field, `"{${inner}}" in the message: ${(err as Error).message}`);
    }
  });
}

function hasPlaceholder(s: string, values: ParamValues): boolean {
  for (const m of s.matchAll(PLACEHOLDER)) if (m[1] in values) return true;
  return false;
}

/**
 * An array entry with placeholders, as a number (evaluated in the author's sandbox, ./author).
 * An entry that names something other than a parameter (an expression in the variables,
 * "{a}*x") stays text with the values substituted.
 */
function evaluateNumber(s: string, values: ParamValues, field: string): number | string {
  const text = substituteString(s, values);
  try {
    return authorConstant(text);
  } catch (err) {
    if (err instanceof UnknownName) return text;
    throw new SpecError(field, `"${s}" could not be evaluated: ${(err as Error).message}`);
  }
}

/**
 * Substitutes parameter values into a template value (see the file comment for the
 * rules). Pure: returns a new value and leaves `value` untouched.
 */
export function substitute(value: unknown, values: ParamValues, field = 'spec', inArray = false): unknown {
  if (typeof value === 'string') {
    if (/(^|\.)mistakes\.\d+\.message$/.test(field)) return substituteMessage(value, values, field);
    if (!hasPlaceholder(value, values)) return value;
    if (inArray) return evaluateNumber(value, values, field);
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole && typeof values[whole[1]] === 'number') return values[whole[1]];
    return substituteString(value, values);
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, values, `${field}.${i}`, true));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, values, field === 'spec' ? k : `${field}.${k}`);
    return out;
  }
  return value;
}

function mentionsAnswer(expr: string): boolean {
  return /(^|[^A-Za-z0-9_])answer([^A-Za-z0-9_]|$)/.test(expr);
}

/** Evaluates a `where` condition; false/0 means "redraw". An author error throws SpecError. */
function holds(expr: string, index: number, scope: Record<string, unknown>): boolean {
  let v: unknown;
  try {
    v = evaluateCondition(expr, scope);
  } catch (err) {
    throw new SpecError(`where.${index}`, `"${expr}" could not be evaluated: ${(err as Error).message}`);
  }
  if (typeof v !== 'boolean' && typeof v !== 'number') throw new SpecError(`where.${index}`, `"${expr}" is not a condition`);
  return Boolean(v);
}

/** The kind's own variation of a variant for a seed (a choice's shuffled options), if it has one. */
function vary(variant: Record<string, unknown>, seed: number): Record<string, unknown> {
  const kind = typeof variant.kind === 'string' ? getKind(variant.kind) : undefined;
  return kind?.vary ? kind.vary(variant, seed) : variant;
}

/** Options of generateVariant. */
export interface VariantOptions {
  /** Draws to try before giving up (default 100). */
  maxTries?: number;
}

/** The template's params, or null when it draws none. */
export function paramsOf(template: unknown): Record<string, ParamDef> | null {
  if (typeof template !== 'object' || template === null) return null;
  const params = (template as { params?: unknown }).params;
  return typeof params === 'object' && params !== null && !Array.isArray(params) && Object.keys(params).length > 0
    ? (params as Record<string, ParamDef>)
    : null;
}

/**
 * The variant of a template for a seed: draws the params, checks `where`, substitutes,
 * and solves the result (cached by the engine, so solving it again is free). A draw
 * that fails `where`, whose solve throws, or whose answer is not finite is redrawn, up
 * to 100 times; then SpecError('params', 'no valid variant after 100 draws: <reason>').
 * A template without `params` is returned (without `where`) once it solves.
 */
export function generateVariant(template: unknown, seed: number, opts: VariantOptions = {}): Record<string, unknown> {
  return generate(template, seed, opts).variant;
}

/**
 * The parameter values of the variant of a template for a seed — the draw generateVariant
 * kept, after any redraws — or null when the template draws none. Throws SpecError as
 * generateVariant does.
 */
export function variantParams(template: unknown, seed: number, opts: VariantOptions = {}): ParamValues | null {
  return generate(template, seed, opts).values;
}

function generate(template: unknown, seed: number, opts: VariantOptions): { variant: Record<string, unknown>; values: ParamValues | null } {
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new SpecError('spec', 'a spec is a JSON object such as {"kind": "hessian", …}');
  }
  const { params, where, ...rest } = template as Record<string, unknown>;
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new SpecError('params', 'expected an object of ranges ({ min, max, step? }) or lists');
  }
  if (where !== undefined && (!Array.isArray(where) || !where.every((w) => typeof w === 'string'))) {
    throw new SpecError('where', 'expected a list of conditions such as ["a != b"]');
  }
  const conditions = (where ?? []) as string[];
  if (params === undefined || Object.keys(params).length === 0) {
    const variant = vary(rest, seed);
    solveSpec(variant);
    return { variant, values: null };
  }
  const random = rng(seed);
  const maxTries = opts.maxTries ?? 100;
  let reason = '';
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const values = drawParams(params as Record<string, ParamDef>, random);
    const failed = conditions.findIndex((c, i) => !mentionsAnswer(c) && !holds(c, i, values));
    if (failed >= 0) {
      reason = `where "${conditions[failed]}" is false`;
      continue;
    }
    let variant: Record<string, unknown>;
    let answer: unknown;
    try {
      variant = vary(substitute(rest, values) as Record<string, unknown>, seed);
      answer = solveSpec(variant).solution.answer;
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      reason = err.message;
      continue;
    }
    const late = conditions.findIndex((c, i) => mentionsAnswer(c) && !holds(c, i, { ...values, answer }));
    if (late >= 0) {
      reason = `where "${conditions[late]}" is false`;
      continue;
    }
    return { variant, values };
  }
  throw new SpecError('params', `no valid variant after ${maxTries} draws: ${reason}`);
}

/** The variant of an exercise template for `seed`, validated and solved (both cached by the engine). Throws SpecError. */
export function solveVariant(template: unknown, seed: number): Solved {
  return solveSpec(generateVariant(template, seed));
}
