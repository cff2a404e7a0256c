/**
 * The `number`, `vector` and `matrix` kinds: the author writes the question and the answer
 * (a number, a list, a list of rows, or one expression that gives it, with {params}
 * substituted and evaluated in the author's sandbox, ./author), and optionally mistakes
 * {answer, message} that are recognised and diagnosed. One factory, three kinds.
 */
import { z } from 'zod';
import { baseSpec } from './spec';
import {
  evaluateValue,
  mistakeId,
  mistakesField,
  promptField,
  scopeField,
  shapeName,
  texValue,
  valueField,
  valueShape,
  valuesAccepted,
  type AuthorValue,
} from './author';
import { toleranceOf } from './spec';
import { SpecError, type ExerciseKind, type Solution } from './types';

function schemaOf(name: 'number' | 'vector' | 'matrix') {
  return baseSpec.extend({
    kind: z.literal(name),
    prompt: promptField,
    answer: valueField,
    mistakes: mistakesField(valueField),
    /** Values of names the answer may use: a multi-part exercise's earlier parts named in `from`. */
    scope: scopeField,
  });
}
export type ValueSpec = z.infer<ReturnType<typeof schemaOf>>;

const WHAT = { number: 'a number', vector: 'a vector (a list such as [1, 2])', matrix: 'a matrix (a list of rows such as [[1, 0], [0, 1]])' };

/** The answer of a spec, evaluated and checked to be of the kind's shape. */
function answerOf(name: 'number' | 'vector' | 'matrix', spec: ValueSpec): AuthorValue {
  const v = evaluateValue(spec.answer, spec.scope ?? {}, 'answer');
  if (valueShape(v) !== name) throw new SpecError('answer', `a ${name} exercise needs ${WHAT[name]} as its answer, but this is ${shapeName(v)}`);
  return v;
}

/** The author's mistakes with their wrong answers; a mistake equal to the answer, or of another shape, is an error. */
function writtenMistakes(spec: ValueSpec, answer: AuthorValue): { id: string; message: string; answer: AuthorValue }[] {
  const tol = toleranceOf(spec);
  return (spec.mistakes ?? []).map((m, i) => {
    const field = `mistakes.${i}.answer`;
    const wrong = evaluateValue(m.answer, spec.scope ?? {}, field);
    if (shapeName(wrong) !== shapeName(answer)) throw new SpecError(field, `this mistake is ${shapeName(wrong)} but the answer is ${shapeName(answer)}`);
    if (valuesAccepted(wrong, answer, tol)) {
      throw new SpecError(field, 'this mistake gives the right answer (within the tolerance or correctly rounded), so it can never be diagnosed');
    }
    return { id: mistakeId(m, i), message: m.message, answer: wrong };
  });
}

/** One of the kinds whose numeric answer the author writes. */
export function valueKind(name: 'number' | 'vector' | 'matrix'): ExerciseKind<ValueSpec, AuthorValue> {
  return {
    kind: name,
    // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
    version: 2,
    title: { number: 'Number', vector: 'Vector', matrix: 'Matrix' }[name],
    description: {
      number: 'A question whose answer is a number you write: answer="2*{a} + 1" or answer={0.5}, graded within rtol/atol; mistakes={[{answer, message}]} are diagnosed.',
      vector: 'A question whose answer is a vector you write: answer={[1, "2*{a}"]} or one expression such as "[1, 1] - inv(H) * g"; credit per entry; mistakes are diagnosed.',
      matrix: 'A question whose answer is a matrix you write, row by row: answer={[[1, 0], [0, "{a}"]]} or an expression such as "inv([[2, 0], [0, 4]])"; credit per entry; mistakes are diagnosed.',
    }[name],
    schema: schemaOf(name) as z.ZodType<ValueSpec>,
    shape: () => name,
    prompt: (spec) => spec.prompt,
    solve(spec): Solution<AuthorValue> {
      const answer = answerOf(name, spec);
      writtenMistakes(spec, answer); // a mistake that cannot be diagnosed is the author's error, reported at the mistake
      const latex = texValue(answer);
      return { answer, latex, steps: [{ title: 'The answer', latex }] };
    },
    mistakes: [],
    mistakesFor: (spec, solution) => writtenMistakes(spec, solution.answer),
  };
}
