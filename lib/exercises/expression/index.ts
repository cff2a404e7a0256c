/**
 * `expression`: a question whose answer is a formula in `vars` that the author writes — one
 * expression, a list (a vector of expressions) or a list of rows (a matrix of them), with
 * {params} substituted. Graded by mathematical equality (lib/answers `expressionsEqual`), not
 * by how it is written; the author's mistakes are formulas too.
 */
import { ConstantNode, ParenthesisNode, parse, type MathNode, type SymbolNode } from 'mathjs';
import { z } from 'zod';
import { expressionsEqual, type Expr } from '@/lib/answers';
import { displayTex, evalExpr } from '@/lib/math';
import { texExprMatrix, texExprVector } from '../latex';
import { isFormula, mistakeId, mistakesField, promptField, scopeField, type ScopeValue } from '../author';
import { baseSpec, varsField } from '../spec';
import { SpecError, type ExerciseKind } from '../types';

const formula = z.string({ error: 'expected a formula such as "2*x*y"' }).trim().min(1, 'the formula is empty');
const formulas = z.union([formula, z.array(formula).min(1, 'the list is empty'), z.array(z.array(formula).min(1, 'a row is empty')).min(1, 'the matrix is empty')], {
  error: 'expected a formula, a list of formulas or a list of rows of formulas',
});

const schema = baseSpec.extend({
  kind: z.literal('expression'),
  prompt: promptField,
  vars: varsField,
  answer: formulas,
  mistakes: mistakesField(formulas),
  /** Names the formulas may use: a multi-part exercise's earlier number and expression parts named in `from`. */
  scope: scopeField,
});
export type ExpressionSpec = z.infer<typeof schema>;
type Formulas = z.infer<typeof formulas>;

/** Checks every formula reads with only `vars`, pi and e (SpecError at the entry otherwise); returns the entries with their fields. */
function entries(value: Formulas, vars: string[], field: string): { text: string; field: string }[] {
  const out: { text: string; field: string }[] = [];
  if (typeof value === 'string') out.push({ text: value, field });
  else if (value.every((r) => typeof r === 'string')) (value as string[]).forEach((t, i) => out.push({ text: t, field: `${field}.${i}` }));
  else {
    const rows = value as string[][];
    if (!rows.every((r) => Array.isArray(r) && r.length === rows[0].length)) throw new SpecError(field, 'every row must have the same length');
    rows.forEach((r, i) => r.forEach((t, j) => out.push({ text: t, field: `${field}.${i}.${j}` })));
  }
  for (const e of out) {
    try {
      evalExpr(e.text, vars, vars.map(() => 0.5));
    } catch (err) {
      throw new SpecError(e.field, err instanceof Error ? err.message : String(err));
    }
  }
  return out;
}

/**
 * The formulas with each name in scope replaced: an earlier number part by its value, an
 * earlier expression part (one formula, in some of this part's variables) by that formula in
 * parentheses — the student's own where they gave one — so they are formulas in `vars` alone.
 * A name holding a vector, a matrix or a list of formulas is an error at `field`.
 */
function withScope(value: Formulas, scope: Record<string, ScopeValue> | undefined, vars: string[], field: string): Formulas {
  if (!scope || Object.keys(scope).length === 0) return value;
  const one = (text: string, f: string): string => {
    let node: MathNode;
    try {
      node = parse(text);
    } catch {
      return text; // entries() says why it cannot be read
    }
    return node
      .transform((n: MathNode, path: string, parent: MathNode | null) => {
        if (n.type !== 'SymbolNode' || (parent?.type === 'FunctionNode' && path === 'fn')) return n;
        const name = (n as SymbolNode).name;
        if (!Object.hasOwn(scope, name)) return n;
        const v = scope[name];
        if (typeof v === 'number') return new ParenthesisNode(new ConstantNode(v));
        if (isFormula(v) && typeof v.formula === 'string') {
          const outside = v.vars.filter((x) => !vars.includes(x));
          if (outside.length > 0) throw new SpecError(f, `"${name}" is a formula in ${v.vars.join(', ')}, but this part's variables are ${vars.join(', ')}`);
          return new ParenthesisNode(parse(v.formula));
        }
        throw new SpecError(f, `"${name}" is not a number or a single formula: a formula can use an earlier number part's value or an earlier expression part's formula`);
      })
      .toString();
  };
  if (typeof value === 'string') return one(value, field);
  if (value.every((r) => typeof r === 'string')) return (value as string[]).map((t, i) => one(t, `${field}.${i}`));
  return (value as string[][]).map((r, i) => r.map((t, j) => one(t, `${field}.${i}.${j}`)));
}

function sizeOf(value: Formulas): string {
  if (typeof value === 'string') return 'one formula';
  if (value.every((r) => typeof r === 'string')) return `a list of ${value.length} formulas`;
  return `a ${value.length}×${(value[0] as string[]).length} matrix of formulas`;
}

function asExpr(text: string, vars: string[]): Expr {
  return { text, tex: '', evaluate: (x) => evalExpr(text, vars, Array.from(x)) };
}

function tex(text: string): string {
  return displayTex(parse(text));
}

export const kind: ExerciseKind<ExpressionSpec, string | string[] | string[][]> = {
  kind: 'expression',
  version: 1,
  title: 'Formula',
  description: 'A question whose answer is a formula in `vars` that you write (one, a list, or rows of them): graded by mathematical equality, not by how it is written; mistakes={[{answer, message}]} are formulas too.',
  schema,
  shape: (spec) => (typeof spec.answer === 'string' ? 'expression' : spec.answer.every((r) => typeof r === 'string') ? 'expression-vector' : 'expression-matrix'),
  prompt: (spec) => spec.prompt,
  solve(spec) {
    const value = withScope(spec.answer, spec.scope, spec.vars, 'answer');
    const answer = entries(value, spec.vars, 'answer');
    (spec.mistakes ?? []).forEach((m, i) => {
      const field = `mistakes.${i}.answer`;
      const wrong = entries(withScope(m.answer, spec.scope, spec.vars, field), spec.vars, field);
      if (sizeOf(m.answer) !== sizeOf(spec.answer)) throw new SpecError(field, `this mistake is ${sizeOf(m.answer)} but the answer is ${sizeOf(spec.answer)}`);
      const same = wrong.every((w, k) => expressionsEqual(asExpr(w.text, spec.vars), (x) => evalExpr(answer[k].text, spec.vars, x), spec.vars));
      if (same) throw new SpecError(field, 'this mistake equals the answer (as a function), so it can never be diagnosed');
    });
    const latex = typeof value === 'string' ? tex(value) : value.every((r) => typeof r === 'string') ? texExprVector((value as string[]).map(tex)) : texExprMatrix((value as string[][]).map((r) => r.map(tex)));
    return { answer: value, latex, steps: [{ title: 'The answer', latex }] };
  },
  mistakes: [],
  mistakesFor: (spec) => (spec.mistakes ?? []).map((m, i) => ({ id: mistakeId(m, i), message: m.message, answer: withScope(m.answer, spec.scope, spec.vars, `mistakes.${i}.answer`) })),
};
