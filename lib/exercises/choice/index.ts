/**
 * `choice`: a question with options the author writes, one correct (`answer={2}`) or several
 * (`multiple={true}`, `answer={[1, 3]}`); options are numbered from 1 as written. Each
 * student's variant shows the options shuffled by their seed (the same order on every
 * visit; `shuffle={false}` keeps the written order) and lettered A, B, C…; the student
 * answers with letters. Author mistakes name the option(s) a student who made them picks.
 */
import { z } from 'zod';
import { hashSeed, rng } from '@/lib/math/random';
import { normaliseLabel } from '@/lib/answers';
import { mistakeId, mistakesField, promptField } from '../author';
import { baseSpec } from '../spec';
import { SpecError, type ExerciseKind, type Read } from '../types';
import type { Parsed, Solved } from '../engine';

const MAX_OPTIONS = 12;
const LETTERS = 'ABCDEFGHIJKL';

const optionNumbers = z.union([z.number().int('an option number is a whole number'), z.array(z.number().int('an option number is a whole number'))], {
  error: 'name options by their number, counting from 1 as written: answer={2} or answer={[1, 3]}',
});

const schema = baseSpec.extend({
  kind: z.literal('choice'),
  prompt: promptField,
  options: z
    .array(z.string().trim().min(1, 'an option is empty'), { error: 'expected a list of options, e.g. options={["$2$", "$3$"]}' })
    .min(2, 'a choice needs at least two options')
    .max(MAX_OPTIONS, `at most ${MAX_OPTIONS} options`),
  /** The correct option(s), by number from 1 in the written order. */
  answer: optionNumbers.optional(),
  multiple: z.boolean().optional(),
  shuffle: z.boolean().optional(),
  /** The order options are shown in (option numbers); set per seed when the variant is made. */
  order: z.array(z.number().int()).optional(),
  mistakes: mistakesField(optionNumbers),
});
export type ChoiceSpec = z.infer<typeof schema>;

/** The option numbers of `value`, checked against the options (SpecError at `field`). */
function chosen(spec: ChoiceSpec, value: number | number[], field: string): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new SpecError(field, 'name at least one option');
  for (const n of list) {
    if (n < 1 || n > spec.options.length) throw new SpecError(field, `there is no option ${n} (the options are numbered 1 to ${spec.options.length})`);
  }
  if (new Set(list).size !== list.length) throw new SpecError(field, 'an option is named twice');
  if (!spec.multiple && list.length > 1) throw new SpecError(field, 'several options are named: add multiple={true} if a student must pick all of them');
  return list;
}

/** The shown order: option numbers, first shown first. */
function orderOf(spec: ChoiceSpec): number[] {
  const n = spec.options.length;
  const order = spec.order ?? Array.from({ length: n }, (_, i) => i + 1);
  if (order.length !== n || new Set(order).size !== n || order.some((k) => k < 1 || k > n)) {
    throw new SpecError('order', `order must list each option number 1 to ${n} once`);
  }
  return order;
}

/** The letters (sorted, comma-separated) under which the options `numbers` are shown. */
function lettersOf(spec: ChoiceSpec, numbers: number[]): string {
  const order = orderOf(spec);
  return numbers
    .map((k) => order.indexOf(k))
    .sort((a, b) => a - b)
    .map((i) => LETTERS[i])
    .join(', ');
}

/** The options in the order shown, with their letters. */
function shownOptions(spec: ChoiceSpec): { label: string; text: string }[] {
  return orderOf(spec).map((k, i) => ({ label: LETTERS[i], text: spec.options[k - 1] }));
}

/** The question without its options. */
function stem(spec: ChoiceSpec): string {
  return `${spec.prompt}${spec.multiple ? ' (Pick every option that applies.)' : ''}`;
}

function correctOf(spec: ChoiceSpec): number[] {
  if (spec.answer === undefined) {
    throw new SpecError('answer', 'a choice needs its correct option: answer={2} (the option’s number, counting from 1), or answer={[1, 3]} with multiple={true}');
  }
  return chosen(spec, spec.answer, 'answer');
}

/** Reads letters ("B", "a, c", "A C"): each an option shown, once; sorted as the answer is. */
function readLetters(solved: Solved, text: string): Read<Parsed> {
  const spec = solved.spec as ChoiceSpec;
  const shown = LETTERS.slice(0, spec.options.length);
  const fail = (message: string) => ({ ok: false as const, message, start: 0, end: text.length });
  if (text.length > 200) return fail('the answer is too long: give the letters of your options, e.g. A, C');
  const words = text.split(/[\s,;]+/).filter((w) => w !== '');
  if (words.length === 0) return fail('give the letter of an option');
  const picked = new Set<number>();
  for (const w of words) {
    const letter = normaliseLabel(w).replace(/^\(|\)$|\.$/g, '').toUpperCase();
    const i = letter.length === 1 ? shown.indexOf(letter) : -1;
    if (i < 0) {
      const start = text.indexOf(w);
      return { ok: false, message: `"${w}" is not one of the options ${shown.split('').join(', ')}`, start, end: start + w.length };
    }
    picked.add(i);
  }
  if (!spec.multiple && picked.size > 1) return fail('pick one option');
  return { ok: true, value: [...picked].sort((a, b) => a - b).map((i) => LETTERS[i]).join(', ') };
}

export const kind: ExerciseKind<ChoiceSpec, string> = {
  kind: 'choice',
  version: 1,
  title: 'Multiple choice',
  description: 'Options you write, one correct (answer={2}, counting from 1) or several (multiple={true}, answer={[1, 3]}); shuffled per student (shuffle={false} keeps your order); students answer with letters; mistakes name the options a mistake leads to.',
  schema,
  shape: () => 'label',
  labelsFor: (spec) => Object.fromEntries(LETTERS.slice(0, spec.options.length).split('').map((l) => [l, []])),
  prompt(spec) {
    const list = shownOptions(spec).map((o) => `${o.label}. ${o.text}`).join('\n');
    return `${stem(spec)}\n${list}`;
  },
  cardPrompt: stem,
  options: shownOptions,
  solve(spec) {
    orderOf(spec);
    const correct = correctOf(spec);
    const answer = lettersOf(spec, correct);
    (spec.mistakes ?? []).forEach((m, i) => {
      const wrong = lettersOf(spec, chosen(spec, m.answer, `mistakes.${i}.answer`));
      if (wrong === answer) throw new SpecError(`mistakes.${i}.answer`, 'this mistake names the correct option(s), so it can never be diagnosed');
    });
    const latex = `\\text{${answer}}`;
    return { answer, latex, steps: [{ title: correct.length > 1 ? 'The correct options' : 'The correct option', latex }] };
  },
  read: readLetters,
  vary(variant, seed) {
    const v = variant as ChoiceSpec;
    if (v.shuffle === false || !Array.isArray(v.options) || v.order !== undefined) return variant;
    const random = rng(hashSeed(seed, 'choice-order'));
    const order = v.options.map((_, i) => i + 1);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return { ...variant, order };
  },
  mistakes: [],
  mistakesFor: (spec) => (spec.mistakes ?? []).map((m, i) => ({ id: mistakeId(m, i), message: m.message, answer: lettersOf(spec, chosen(spec, m.answer, `mistakes.${i}.answer`)) })),
};
