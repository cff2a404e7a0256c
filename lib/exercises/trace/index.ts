/**
 * `trace`: an optimiser's run as a table, one row per iteration k = 0, 1, …, graded entry by
 * entry with errors carried forward. The author picks the method (gradient descent, Newton,
 * BFGS, L-BFGS), the step rule (a fixed α or Armijo backtracking), the number of rows and the
 * columns among x_k, ∇f(x_k), H_k (or B_k), p_k, α_k, the backtracking count and f(x_{k+1}).
 *
 * Every entry is checked against the value computed from the student's OWN earlier entries
 * (lib/math/trace replays one iteration from any state): an entry the student left blank, or a
 * quantity that is not a column, takes the value computed from what came before it. A slip in
 * row 1 thus costs row 1 only; rows 2 and 3 done right from the wrong row earn full credit,
 * noted "correct given your row 1". The answer is an answer in parts (lib/exercises/parts.ts),
 * one part per cell, ids "r<row>-<column>" (rows from 1).
 */
import { z } from 'zod';
import { numberAccepted } from '@/lib/answers';
import {
  armijoBacktracking,
  carriesCurvature,
  dot,
  identity,
  matAdd,
  matMul,
  matScale,
  matVec,
  outer,
  solve,
  stepLength,
  takeStep,
  traceDirection,
  updateMemory,
  type Mat,
  type StepRule,
  type TraceMethod,
  type TraceObjective,
  type TraceOptions,
  type Vec,
} from '@/lib/math';
import { kind as bfgsUpdate } from '../bfgs-update';
import { kind as bfgsUpdateDirect } from '../bfgs-update-direct';
import { kind as lbfgsDirection } from '../lbfgs-direction';
import type { Parsed, Solved } from '../engine';
import { isPartsParsed, type PartPlan, type PartsParsed } from '../parts';
import { asSpecError, baseSpec, fnField, requireSpec, symMatField, toleranceOf, varsField, vecField } from '../spec';
import { texMatrix, texNumber, texVector } from '../latex';
import { compileSpecFunction, requirePoint, texAt, texFnDef } from '../calculus';
import { positiveField } from '../optim';
import { SpecError, type Answer, type AnswerShape, type Check, type ExerciseKind, type Grade, type Mistake, type Step, type TraceTable, type Tolerance } from '../types';

/** The columns a trace may have, in the order they are computed within a row. */
export const TRACE_COLUMNS = ['x', 'g', 'H', 'p', 'alpha', 'backtracks', 'f'] as const;
export type TraceColumn = (typeof TRACE_COLUMNS)[number];

const METHODS = ['gd', 'newton', 'bfgs', 'lbfgs'] as const satisfies readonly TraceMethod[];

const schema = baseSpec.extend({
  kind: z.literal('trace'),
  method: z.enum(METHODS, { error: 'expected "gd", "newton", "bfgs" or "lbfgs"' }),
  f: fnField.optional(),
  vars: varsField.optional(),
  /** A quadratic ½xᵀAx + bᵀx instead of f (any dimension). */
  A: symMatField.optional(),
  b: vecField().optional(),
  x0: vecField(),
  rows: z.number({ error: 'expected a whole number of rows' }).int('expected a whole number of rows').min(1, 'at least 1 row').max(12, 'at most 12 rows'),
  columns: z
    .array(z.enum(TRACE_COLUMNS, { error: `a column is one of ${TRACE_COLUMNS.map((c) => `"${c}"`).join(', ')}` }))
    .min(1, 'give at least one column')
    .refine((cs) => new Set(cs).size === cs.length, 'a column is listed twice')
    .optional(),
  lineSearch: z.enum(['fixed', 'armijo'], { error: 'expected "fixed" or "armijo"' }).optional(),
  alpha: positiveField.optional(),
  alpha0: positiveField.optional(),
  shrink: z.number({ error: 'expected a number between 0 and 1' }).gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1').optional(),
  c1: z.number({ error: 'expected a number between 0 and 1' }).gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1').optional(),
  form: z.enum(['inverse', 'direct'], { error: 'expected "inverse" or "direct"' }).optional(),
  H0: symMatField.optional(),
  m: z.number({ error: 'expected a whole number of pairs' }).int('expected a whole number of pairs').min(1, 'at least 1 pair').max(20, 'at most 20 pairs').optional(),
});
export type TraceSpec = z.infer<typeof schema>;

/** Everything a trace needs, worked out once from its spec. */
interface Setup {
  spec: TraceSpec;
  obj: TraceObjective;
  n: number;
  opts: TraceOptions;
  H0?: Mat;
  columns: TraceColumn[];
  /** The quantities of one row, in the order they are computed (the columns and the hidden ones). */
  quantities: TraceColumn[];
  /** The function as KaTeX, for the prompt. */
  fTex: string;
}

type Value = Vec | Mat | number;

/** The values of one row as used by what follows: the student's where given, computed otherwise. */
type RowValues = Partial<Record<TraceColumn, Value>>;

function buildSetup(spec: TraceSpec): Setup {
  const quadratic = spec.A !== undefined;
  requireSpec(quadratic !== (spec.f !== undefined), spec.f === undefined ? 'f' : 'A', 'give either f (with vars) or the quadratic A (with b), not both');
  let obj: TraceObjective;
  let fTex: string;
  let n: number;
  if (spec.A) {
    const A = spec.A;
    n = A.length;
    const b = spec.b ?? new Array<number>(n).fill(0);
    requireSpec(b.length === n, 'b', `expected ${n} entries to match the ${n}×${n} matrix A, got ${b.length}`);
    requireSpec(spec.x0.length === n, 'x0', `expected ${n} entries to match the ${n}×${n} matrix A, got ${spec.x0.length}`);
    obj = {
      f: (x) => 0.5 * dot(x, matVec(A, x)) + dot(b, x),
      grad: (x) => matVec(A, x).map((v, i) => v + b[i]),
      hess: () => A,
    };
    fTex = `f(x) = \\tfrac12 x^\\top ${texMatrix(A)} x${spec.b ? ` + ${texVector(b)}^\\top x` : ''}`;
  } else {
    requireSpec(spec.vars !== undefined, 'vars', 'list the variables of f, e.g. ["x", "y"]');
    requirePoint('x0', spec.x0, spec.vars);
    const fn = compileSpecFunction(spec.f!, spec.vars);
    n = spec.vars.length;
    obj = { f: fn.f, grad: fn.grad, hess: fn.hess };
    fTex = texFnDef(fn, spec.vars);
  }
  const method = spec.method;
  const lineSearch = spec.lineSearch ?? 'fixed';
  if (lineSearch === 'fixed') {
    requireSpec(method !== 'gd' || spec.alpha !== undefined, 'alpha', 'gradient descent with a fixed step needs the step size alpha');
    for (const f of ['alpha0', 'shrink', 'c1'] as const) requireSpec(spec[f] === undefined, f, 'only Armijo backtracking (lineSearch: "armijo") takes this');
  } else requireSpec(spec.alpha === undefined, 'alpha', 'Armijo backtracking starts from alpha0; alpha is the fixed step of lineSearch "fixed"');
  const step: StepRule =
    lineSearch === 'fixed' ? { rule: 'fixed', alpha: spec.alpha ?? 1 } : { rule: 'armijo', alpha0: spec.alpha0 ?? 1, shrink: spec.shrink ?? 0.5, c1: spec.c1 ?? 1e-4 };
  requireSpec(method === 'bfgs' || spec.form === undefined, 'form', 'only BFGS has an inverse or a direct form');
  requireSpec(method === 'bfgs' || spec.H0 === undefined, 'H0', 'only BFGS starts from an approximation H0');
  requireSpec(method === 'lbfgs' || spec.m === undefined, 'm', 'only L-BFGS keeps m pairs');
  if (spec.H0) requireSpec(spec.H0.length === n, 'H0', `expected a ${n}×${n} matrix`);
  const opts: TraceOptions = { method, step, form: spec.form ?? 'inverse', m: spec.m ?? 5 };
  const applicable = TRACE_COLUMNS.filter((c) => (c !== 'H' || method === 'bfgs') && (c !== 'backtracks' || step.rule === 'armijo'));
  const columns = spec.columns ?? applicable;
  for (const c of columns) {
    requireSpec(c !== 'H' || method === 'bfgs', 'columns', 'the column "H" is only for BFGS');
    requireSpec(c !== 'backtracks' || step.rule === 'armijo', 'columns', 'the column "backtracks" is only for Armijo backtracking');
  }
  const g0 = asSpecError('x0', () => obj.grad(spec.x0));
  requireSpec(g0.every(Number.isFinite), 'x0', 'the gradient is not finite at x0');
  requireSpec(g0.some((v) => v !== 0), 'x0', 'x0 is a stationary point (∇f(x0) = 0): the trace would not move');
  const ordered = TRACE_COLUMNS.filter((c) => columns.includes(c));
  const quantities = TRACE_COLUMNS.filter((c) => (c !== 'H' || method === 'bfgs') && c !== 'backtracks');
  return { spec, obj, n, opts, H0: spec.H0, columns: ordered, quantities, fTex };
}

const setups = new WeakMap<object, Setup>();
function setupOf(spec: TraceSpec): Setup {
  let s = setups.get(spec);
  if (!s) {
    s = buildSetup(spec);
    setups.set(spec, s);
  }
  return s;
}

// ---------------------------------------------------------------- replaying the student's rows

/** SpecError naming the row when a step cannot be taken from the student's state. */
function fromState<T>(k: number, what: string, compute: () => T): T {
  let value: T;
  try {
    value = compute();
  } catch (err) {
    if (err instanceof SpecError) throw err;
    throw new SpecError(`row ${k + 1}`, `${what} cannot be computed from your earlier entries: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!allFinite(value as Value)) throw new SpecError(`row ${k + 1}`, `${what} is not finite from your earlier entries`);
  return value;
}

function allFinite(v: Value): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  for (const e of v) if (!(typeof e === 'number' ? Number.isFinite(e) : e.every(Number.isFinite))) return false;
  return true;
}

/**
 * The L-BFGS pairs available at row k, from the rows' x and g: the last m that carry
 * curvature (as in lib/math's updateMemory), oldest first.
 */
function pairsAt(setup: Setup, rows: RowValues[], k: number): { S: Vec[]; Y: Vec[] } {
  const S: Vec[] = [];
  const Y: Vec[] = [];
  const m = setup.opts.m ?? 5;
  for (let j = k - 1; j >= 0 && S.length < m; j--) {
    const s = sub(rows[j + 1].x as Vec, rows[j].x as Vec);
    const y = sub(rows[j + 1].g as Vec, rows[j].g as Vec);
    if (!carriesCurvature(s, y)) continue;
    S.unshift(s);
    Y.unshift(y);
  }
  return { S, Y };
}

function sub(a: Vec, b: Vec): Vec {
  return a.map((v, i) => v - b[i]);
}

/** The step length and count at row k from the row's x, g and p. */
function lengthAt(setup: Setup, row: RowValues): { alpha: number; backtracks: number } {
  const x = row.x as Vec;
  return stepLength(setup.obj.f, x, setup.obj.f(x), row.g as Vec, row.p as Vec, setup.opts.step);
}

/**
 * The value of quantity `q` of row k, from the values of the rows before it and of the
 * quantities before it in row k. Throws SpecError when it cannot be computed.
 */
function compute(setup: Setup, rows: RowValues[], k: number, q: TraceColumn): Value {
  const row = rows[k];
  const prev = rows[k - 1];
  switch (q) {
    case 'x':
      return k === 0 ? setup.spec.x0 : fromState(k, 'x', () => takeStep(prev.x as Vec, prev.alpha as number, prev.p as Vec));
    case 'g':
      return fromState(k, 'the gradient', () => setup.obj.grad(row.x as Vec));
    case 'H':
      if (k === 0) return setup.H0 ?? identity(setup.n);
      return fromState(k, setup.opts.form === 'direct' ? 'B' : 'H', () => {
        const s = sub(row.x as Vec, prev.x as Vec);
        const y = sub(row.g as Vec, prev.g as Vec);
        return updateMemory({ H: prev.H as Mat }, s, y, setup.opts).H!;
      });
    case 'p':
      return fromState(k, 'the direction', () => traceDirection(setup.obj, row.x as Vec, row.g as Vec, { H: row.H as Mat | undefined, ...pairsAt(setup, rows, k) }, setup.opts));
    case 'alpha':
      return fromState(k, 'the step length', () => lengthAt(setup, row).alpha);
    case 'backtracks':
      return fromState(k, 'the backtracking count', () => lengthAt(setup, row).backtracks);
    case 'f':
      return fromState(k, 'f', () => setup.obj.f(takeStep(row.x as Vec, row.alpha as number, row.p as Vec)));
  }
}

/** The part id of a cell: "r1-x" is x in the first row (k = 0). */
export function cellId(k: number, column: TraceColumn): string {
  return `r${k + 1}-${column}`;
}

/** Whether the exercise gives this cell (x₀, H₀): no part for it. */
function isGiven(k: number, column: TraceColumn): boolean {
  return k === 0 && (column === 'x' || column === 'H');
}

/** One quantity to compute: its row, its name, and whether the student fills it in. */
interface Slot {
  k: number;
  q: TraceColumn;
  id: string | null;
}

function slotsOf(setup: Setup): Slot[] {
  const out: Slot[] = [];
  for (let k = 0; k < setup.spec.rows; k++) {
    for (const q of TRACE_COLUMNS) {
      const inRow = setup.quantities.includes(q) || (q === 'backtracks' && setup.columns.includes(q));
      if (!inRow) continue;
      out.push({ k, q, id: setup.columns.includes(q) && !isGiven(k, q) ? cellId(k, q) : null });
    }
  }
  return out;
}

/**
 * The rows as the student's entries make them, computed slot by slot in order, and remembered
 * for the map of earlier answers being read (the reader asks for each part in turn with the
 * same, growing map). A slot the student answered takes their value; any other the computed one.
 */
interface Replay {
  rows: RowValues[];
  /** Slots done so far. */
  done: number;
  /** The student values used, by slot (to notice a map that changed). */
  used: (Parsed | undefined)[];
}

const replays = new WeakMap<ReadonlyMap<string, Parsed>, Replay>();

function replayTo(setup: Setup, slots: Slot[], earlier: ReadonlyMap<string, Parsed>, upTo: number): Replay {
  let r = replays.get(earlier);
  if (r && r.used.some((v, i) => slots[i].id !== null && earlier.get(slots[i].id!) !== v)) r = undefined;
  if (!r || r.done > upTo) {
    r = { rows: Array.from({ length: setup.spec.rows }, () => ({})), done: 0, used: [] };
    replays.set(earlier, r);
  }
  while (r.done < upTo) {
    const slot = slots[r.done];
    const mine = slot.id === null ? undefined : earlier.get(slot.id);
    r.rows[slot.k][slot.q] = mine !== undefined ? (mine as Value) : compute(setup, r.rows, slot.k, slot.q);
    r.used.push(mine);
    r.done++;
  }
  return r;
}

// ---------------------------------------------------------------- the cells as one-part answers

/** What a cell's mistakes are computed from: the rows up to the cell, as the student made them. */
interface CellSpec {
  setup: Setup;
  rows: RowValues[];
  k: number;
  column: TraceColumn;
}

const SHAPES: Record<TraceColumn, AnswerShape> = { x: 'vector', g: 'vector', H: 'matrix', p: 'vector', alpha: 'number', backtracks: 'integer', f: 'number' };

/** A known mistake of a cell, as the wrong value it gives from the cell's inputs. */
type CellMistake = Mistake<CellSpec, Answer>;

function cellMistake(id: string, message: string, wrong: (c: CellSpec) => Answer | null): CellMistake {
  return { id, message, wrongAnswer: (c) => wrong(c) };
}

/** A mistake of another kind, applied to this cell's inputs. */
function borrowed<S>(m: Mistake<S, Answer>, toSpec: (c: CellSpec) => S | null, answer: (c: CellSpec) => Answer): CellMistake {
  return {
    id: m.id,
    message: m.message,
    wrongAnswer(c) {
      const spec = toSpec(c);
      return spec === null ? null : m.wrongAnswer(spec, { answer: answer(c), latex: '', steps: [] });
    },
  };
}

const prevRow = (c: CellSpec) => c.rows[c.k - 1];
const thisRow = (c: CellSpec) => c.rows[c.k];
const vec = (v: Value | undefined) => v as Vec;
const neg = (v: Vec) => v.map((t) => -t);

function pairOf(c: CellSpec): { s: Vec; y: Vec } {
  return { s: sub(vec(thisRow(c).x), vec(prevRow(c).x)), y: sub(vec(thisRow(c).g), vec(prevRow(c).g)) };
}

function mistakesOf(setup: Setup, column: TraceColumn): CellMistake[] {
  const { method, form } = setup.opts;
  switch (column) {
    case 'x':
      return [
        cellMistake('wrong-sign', 'You moved against the direction: x_{k+1} = x_k + α_k p_k, and p_k already points downhill.', (c) =>
          c.k === 0 ? null : takeStep(vec(prevRow(c).x), -(prevRow(c).alpha as number), vec(prevRow(c).p)),
        ),
        cellMistake('forgot-step-size', 'You left out the step length: x_{k+1} = x_k + α_k p_k.', (c) =>
          c.k === 0 || prevRow(c).alpha === 1 ? null : takeStep(vec(prevRow(c).x), 1, vec(prevRow(c).p)),
        ),
        cellMistake('gave-step', 'You gave the step α_k p_k; the entry is the new point x_{k+1} = x_k + α_k p_k.', (c) =>
          c.k === 0 ? null : vec(prevRow(c).p).map((v) => v * (prevRow(c).alpha as number)),
        ),
      ];
    case 'g':
      return [cellMistake('old-gradient', 'You used the gradient of the previous row; evaluate ∇f at this row’s point x_k.', (c) => (c.k === 0 ? null : vec(prevRow(c).g)))];
    case 'H': {
      const toSpec = (c: CellSpec) => (c.k === 0 ? null : { ...pairOf(c), H: prevRow(c).H as Mat, B: prevRow(c).H as Mat });
      const own = form === 'direct' ? bfgsUpdateDirect.mistakes : bfgsUpdate.mistakes;
      const list = own.map((m) => borrowed(m as Mistake<unknown, Answer>, toSpec as (c: CellSpec) => never, (c) => compute(setup, c.rows, c.k, 'H') as Answer));
      list.push(cellMistake('not-updated', 'You kept the previous approximation; each row’s approximation is the update of the row before it with its s and y.', (c) => (c.k === 0 ? null : (prevRow(c).H as Mat))));
      if (form !== 'direct') {
        list.push(
          cellMistake('forgot-rho', 'You left out ρ = 1/(yᵀs): H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.', (c) => {
            if (c.k === 0) return null;
            const { s, y } = pairOf(c);
            const I = identity(s.length);
            const L = matAdd(I, matScale(outer(s, y), -1));
            const R = matAdd(I, matScale(outer(y, s), -1));
            return matAdd(matMul(matMul(L, prevRow(c).H as Mat), R), outer(s, s));
          }),
        );
      }
      return list;
    }
    case 'p': {
      const g = (c: CellSpec) => vec(thisRow(c).g);
      const x = (c: CellSpec) => vec(thisRow(c).x);
      const H = (c: CellSpec) => thisRow(c).H as Mat;
      const sign = cellMistake('wrong-sign', 'You took the direction uphill: the search direction is minus (the scaled) gradient.', (c) => neg(compute(setup, c.rows, c.k, 'p') as Vec));
      if (method === 'gd') return [sign];
      if (method === 'newton') {
        return [
          cellMistake('hessian-not-inverse', 'You multiplied the gradient by the Hessian instead of solving ∇²f(x_k) p = −∇f(x_k).', (c) => neg(matVec(setup.obj.hess!(x(c)), g(c)))),
          sign,
          cellMistake('gradient-step', 'You took the gradient direction −∇f(x_k); Newton solves ∇²f(x_k) p = −∇f(x_k).', (c) => neg(g(c))),
        ];
      }
      if (method === 'bfgs') {
        const old = cellMistake('old-gradient', 'You used the gradient of the previous row; the direction uses this row’s ∇f(x_k).', (c) =>
          c.k === 0 ? null : form === 'direct' ? solve(H(c), neg(vec(prevRow(c).g))) : neg(matVec(H(c), vec(prevRow(c).g))),
        );
        return form === 'direct'
          ? [cellMistake('hessian-not-inverse', 'You multiplied by B; B approximates the Hessian, so solve B p = −∇f(x_k).', (c) => neg(matVec(H(c), g(c)))), sign, old]
          : [cellMistake('solved-with-inverse', 'You solved H p = −∇f(x_k); H approximates the inverse Hessian, so p = −H ∇f(x_k).', (c) => solve(H(c), neg(g(c)))), sign, old];
      }
      const toSpec = (c: CellSpec) => {
        const { S, Y } = pairsAt(setup, c.rows, c.k);
        return S.length === 0 ? null : { g: g(c), s: S, y: Y };
      };
      return lbfgsDirection.mistakes.map((m) => borrowed(m as Mistake<unknown, Answer>, toSpec as (c: CellSpec) => never, (c) => compute(setup, c.rows, c.k, 'p') as Answer));
    }
    case 'alpha':
    case 'backtracks': {
      const step = setup.opts.step;
      if (step.rule !== 'armijo') return [];
      const reversed = cellMistake('armijo-reversed', 'You applied the Armijo test the wrong way round: accept α when f(x + αp) ≤ f(x) + c₁ α ∇fᵀp, shrink it otherwise.', (c) => {
        const row = thisRow(c);
        const r = armijoBacktracking(setup.obj.f, vec(row.x), setup.obj.f(vec(row.x)), vec(row.g), vec(row.p), step, true);
        return column === 'alpha' ? r.alpha : r.backtracks;
      });
      if (column === 'alpha') return [reversed];
      return [
        reversed,
        cellMistake('counted-trials', 'You counted the trial steps; the count is the number of rejected trials (0 when α₀ is accepted).', (c) => (compute(setup, c.rows, c.k, 'backtracks') as number) + 1),
      ];
    }
    case 'f':
      return [cellMistake('f-at-current', 'You gave f(x_k); this column is f at the next point x_{k+1} = x_k + α_k p_k.', (c) => setup.obj.f(vec(thisRow(c).x)))];
  }
}

/** The pseudo-kinds of the cells (one per column of a setup): they carry the cell's shape and mistakes. */
const cellKinds = new WeakMap<Setup, Map<TraceColumn, ExerciseKind>>();

function cellKind(setup: Setup, column: TraceColumn): ExerciseKind {
  let byColumn = cellKinds.get(setup);
  if (!byColumn) {
    byColumn = new Map();
    cellKinds.set(setup, byColumn);
  }
  let k = byColumn.get(column);
  if (!k) {
    k = {
      kind: 'trace',
      version: kind.version,
      title: `${COLUMN_TEXT[column]} of a trace row`,
      schema: z.any(),
      shape: () => SHAPES[column],
      prompt: () => '',
      solve: () => {
        throw new Error('a trace cell is solved by its trace');
      },
      mistakes: mistakesOf(setup, column) as Mistake<unknown, Answer>[],
    };
    byColumn.set(column, k);
  }
  return k;
}

function texValue(v: Value): string {
  return typeof v === 'number' ? texNumber(v) : Array.isArray(v[0]) ? texMatrix(v as Mat) : texVector(v as Vec);
}

/** The cell's one-part variant: its value from the rows so far, and its mistakes. */
function cellSolved(setup: Setup, rows: RowValues[], k: number, column: TraceColumn): Solved {
  const value = compute(setup, rows, k, column);
  const spec: CellSpec = { setup, rows: rows.slice(0, k + 1).map((r) => ({ ...r })), k, column };
  return {
    kind: cellKind(setup, column),
    spec,
    solution: {
      answer: value as Answer,
      get latex() {
        return texValue(value);
      },
      steps: [],
    },
    shape: SHAPES[column],
    tolerance: toleranceOf(setup.spec),
    vars: [],
  };
}

// ---------------------------------------------------------------- words and KaTeX

const COLUMN_TEXT: Record<TraceColumn, string> = {
  x: 'x_k',
  g: '∇f(x_k)',
  H: 'H_k',
  p: 'p_k',
  alpha: 'α_k',
  backtracks: 'backtracks',
  f: 'f(x_{k+1})',
};

function columnTex(setup: Setup, c: TraceColumn): string {
  switch (c) {
    case 'x':
      return 'x_k';
    case 'g':
      return '\\nabla f(x_k)';
    case 'H':
      return setup.opts.form === 'direct' ? 'B_k' : 'H_k';
    case 'p':
      return 'p_k';
    case 'alpha':
      return '\\alpha_k';
    case 'backtracks':
      return '\\text{backtracks}';
    case 'f':
      return 'f(x_{k+1})';
  }
}

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
const sub_ = (k: number) => String(k).replace(/\d/g, (d) => SUBSCRIPT[Number(d)]);

function columnLabel(setup: Setup, c: TraceColumn, k?: number): string {
  const i = k === undefined ? 'k' : sub_(k);
  const i1 = k === undefined ? 'k+1' : sub_(k + 1);
  switch (c) {
    case 'x':
      return `x${i}`;
    case 'g':
      return `∇f(x${i})`;
    case 'H':
      return `${setup.opts.form === 'direct' ? 'B' : 'H'}${i}`;
    case 'p':
      return `p${i}`;
    case 'alpha':
      return `α${i}`;
    case 'backtracks':
      return k === undefined ? 'backtracks' : `backtracks in row ${k + 1}`;
    case 'f':
      return `f(x${i1})`;
  }
}

const METHOD_TEXT: Record<TraceMethod, string> = { gd: 'gradient descent', newton: "Newton's method", bfgs: 'BFGS', lbfgs: 'L-BFGS' };

function directionTex(setup: Setup): string {
  switch (setup.opts.method) {
    case 'gd':
      return 'p_k = -\\nabla f(x_k)';
    case 'newton':
      return '\\nabla^2 f(x_k)\\, p_k = -\\nabla f(x_k)';
    case 'bfgs':
      return setup.opts.form === 'direct' ? 'B_k p_k = -\\nabla f(x_k)' : 'p_k = -H_k \\nabla f(x_k)';
    case 'lbfgs':
      return `p_k = -H_k \\nabla f(x_k) \\text{ by the two-loop recursion over the last } ${setup.opts.m} \\text{ pairs}, H_k^0 = \\gamma_k I, \\gamma_k = s^\\top y / y^\\top y \\text{ of the newest pair}`;
  }
}

function stepText(setup: Setup): string {
  const s = setup.opts.step;
  if (s.rule === 'fixed') return `the fixed step $\\alpha_k = ${texNumber(s.alpha)}$`;
  return (
    `Armijo backtracking: try $\\alpha = ${texNumber(s.alpha0)}$ and multiply by $${texNumber(s.shrink)}$ until ` +
    `$f(x_k + \\alpha p_k) \\le f(x_k) + ${texNumber(s.c1)}\\,\\alpha\\, \\nabla f(x_k)^\\top p_k$ (backtracks = the number of rejected trials)`
  );
}

function updateText(setup: Setup): string {
  if (setup.opts.method !== 'bfgs') return '';
  const start = setup.H0 ? texMatrix(setup.H0) : 'I';
  return setup.opts.form === 'direct'
    ? ` Start from $B_0 = ${start}$ and update $B_{k+1} = B_k - \\frac{B_k s_k s_k^\\top B_k}{s_k^\\top B_k s_k} + \\frac{y_k y_k^\\top}{y_k^\\top s_k}$.`
    : ` Start from $H_0 = ${start}$ and update $H_{k+1} = (I - \\rho_k s_k y_k^\\top) H_k (I - \\rho_k y_k s_k^\\top) + \\rho_k s_k s_k^\\top$, $\\rho_k = 1/(y_k^\\top s_k)$.`;
}

/** f in mathjs syntax over x, y for a trace in two variables (a quadratic written out); null otherwise. */
function figureOf(setup: Setup): TraceTable['figure'] {
  if (setup.n !== 2) return undefined;
  const { spec } = setup;
  let f: string;
  let vars: string[];
  if (spec.A) {
    const [[a, b], [, d]] = spec.A;
    const [p, q] = spec.b ?? [0, 0];
    f = `0.5*(${a})*x^2 + (${b})*x*y + 0.5*(${d})*y^2 + (${p})*x + (${q})*y`;
    vars = ['x', 'y'];
  } else {
    f = spec.f!;
    vars = spec.vars!;
  }
  const reach = Math.max(1, ...spec.x0.map(Math.abs)) * 1.6;
  return { f, vars, range: [-reach, reach], x0: spec.x0, xColumn: setup.columns.includes('x') ? 'x' : null };
}

function traceTable(setup: Setup): TraceTable {
  const rows = Array.from({ length: setup.spec.rows }, (_, k) => `k = ${k}`);
  const start = setup.H0 ?? identity(setup.n);
  return {
    figure: figureOf(setup),
    rows,
    columns: setup.columns.map((c) => ({ id: c, label: columnLabel(setup, c), tex: columnTex(setup, c) })),
    cells: rows.map((_, k) => setup.columns.map((c) => (isGiven(k, c) ? null : cellId(k, c)))),
    given: rows.map((_, k) => setup.columns.map((c) => (!isGiven(k, c) ? null : c === 'x' ? texVector(setup.spec.x0) : texMatrix(start)))),
  };
}

/** The reference rows (every quantity computed, none from a student). */
function referenceRows(setup: Setup): RowValues[] {
  const slots = slotsOf(setup);
  return replayTo(setup, slots, new Map(), slots.length).rows;
}

// ---------------------------------------------------------------- the kind

export const kind: ExerciseKind<TraceSpec, Answer> = {
  kind: 'trace',
  version: 2,
  title: 'Algorithm trace',
  schema,
  shape: () => 'parts',
  prompt(spec) {
    const setup = setupOf(spec);
    const cols = setup.columns.map((c) => `$${columnTex(setup, c)}$`).join(', ');
    return (
      `Run ${METHOD_TEXT[spec.method]} on $${setup.fTex}$ from $x_0 = ${texAt(spec.x0)}$ for ${spec.rows} iteration${spec.rows === 1 ? '' : 's'}: ` +
      `the direction $${directionTex(setup)}$, ${stepText(setup)}, and $x_{k+1} = x_k + \\alpha_k p_k$.${updateText(setup)} ` +
      `Fill in one row per iteration $k = 0, …, ${spec.rows - 1}$ with ${cols}. Each row is checked from your own previous rows.`
    );
  },
  solve(spec) {
    const setup = setupOf(spec);
    const rows = asRows(setup);
    const header = setup.columns.map((c) => columnTex(setup, c)).join(' & ');
    const body = rows.map((r, k) => [`${k}`, ...setup.columns.map((c) => texValue(r[c]!))].join(' & ')).join(' \\\\ ');
    const latex = `\\begin{array}{c|${'c'.repeat(setup.columns.length)}} k & ${header} \\\\ \\hline ${body} \\end{array}`;
    const steps = rows.map((r, k) => rowStep(setup, r, k, `Row ${k + 1} (k = ${k})`));
    return { answer: [], latex, steps };
  },
  mistakes: [],
  parts: (solved) => planOf(setupOf(solved.spec as TraceSpec)),
  table: (solved) => traceTable(setupOf(solved.spec as TraceSpec)),
  workedFrom(solved, parsed) {
    return isPartsParsed(parsed) ? workedFromFirstWrongRow(setupOf(solved.spec as TraceSpec), parsed) : null;
  },
  referencePath(solved) {
    const setup = setupOf(solved.spec as TraceSpec);
    if (setup.n !== 2) return null;
    const rows = referenceRows(setup);
    return [...rows.map((r) => r.x as Vec), takeStep(rows[rows.length - 1].x as Vec, rows[rows.length - 1].alpha as number, rows[rows.length - 1].p as Vec)];
  },
  afterParts(solved, parsed, grade) {
    return reviewTrace(setupOf(solved.spec as TraceSpec), parsed, grade);
  },
};

const plans = new WeakMap<Setup, PartPlan[]>();

/** One part per cell the student fills in, in the order the cells are computed. */
function planOf(setup: Setup): PartPlan[] {
  const cached = plans.get(setup);
  if (cached) return cached;
  const slots = slotsOf(setup);
  const ref = referenceRows(setup);
  const plan: PartPlan[] = [];
  slots.forEach((slot, i) => {
    if (slot.id === null) return;
    plan.push({
      id: slot.id,
      label: `Row ${slot.k + 1}: ${columnLabel(setup, slot.q, slot.k)}`,
      weight: 1,
      reference: cellSolved(setup, ref, slot.k, slot.q),
      solve: (earlier) => cellSolved(setup, replayTo(setup, slots, earlier, i).rows, slot.k, slot.q),
    });
  });
  plans.set(setup, plan);
  return plan;
}

/** One row of a worked trace: every quantity of the row with its value. */
function rowStep(setup: Setup, r: RowValues, k: number, title: string): Step {
  const latex = TRACE_COLUMNS.filter((q) => r[q] !== undefined)
    .map((q) => `${columnTex(setup, q).replace(/_\{k\+1\}/g, `_{${k + 1}}`).replace(/_k/g, `_{${k}}`)} = ${texValue(r[q]!)}`)
    .join(',\\quad ');
  return { title, latex };
}

/**
 * The worked trace from the student's first wrong row: the rows before it as the student wrote
 * them, and from it on every row computed from theirs. Null when every answered entry is right
 * (given the student's own earlier entries): the reference steps then say it all.
 */
function workedFromFirstWrongRow(setup: Setup, parsed: PartsParsed): Step[] | null {
  const tolerance = toleranceOf(setup.spec);
  const rowOf = (id: string) => Number(/^r(\d+)-/.exec(id)![1]);
  let first: number | null = null;
  for (const p of parsed.parts) {
    if (p.value === null) continue;
    const wrong = !p.solved || !sameValue(p.value as Answer, p.solved.solution.answer, tolerance);
    if (wrong) {
      first = rowOf(p.id);
      break;
    }
  }
  if (first === null) return null;
  const earlier = new Map<string, Parsed>();
  for (const p of parsed.parts) if (p.value !== null && rowOf(p.id) < first) earlier.set(p.id, p.value);
  const slots = slotsOf(setup);
  let rows: RowValues[];
  try {
    rows = replayTo(setup, slots, earlier, slots.length).rows;
  } catch (err) {
    if (err instanceof SpecError) return null; // no step from the student's rows: the reference steps stand
    throw err;
  }
  const from = first - 1;
  const steps: Step[] = [];
  if (from > 0) steps.push({ title: `Your rows 1 to ${from} are kept as you wrote them; the trace goes on from them`, latex: `x_{${from}} = ${texValue(rows[from].x!)}` });
  for (let k = from; k < setup.spec.rows; k++) steps.push(rowStep(setup, rows[k], k, `Row ${k + 1} (k = ${k})${from > 0 ? ', from your earlier rows' : ''}`));
  return steps;
}

function asRows(setup: Setup): RowValues[] {
  const rows = referenceRows(setup);
  for (const r of rows) for (const v of Object.values(r)) if (!([] as unknown[]).concat(v).flat().every((t) => Number.isFinite(t))) {
    throw new SpecError('x0', 'the trace is not finite from this start (the iterates diverge)');
  }
  return rows;
}

/** Whether two cell values agree entry by entry as the cells are graded (numberAccepted: within the tolerance, or correctly rounded). */
function sameValue(a: Answer, b: Answer, tolerance: Tolerance): boolean {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' && numberAccepted(a, b, tolerance);
  const va = a as (number | number[])[];
  const vb = b as (number | number[])[];
  if (va.length !== vb.length) return false;
  for (let i = 0; i < va.length; i++) {
    const x = va[i];
    const y = vb[i];
    if (typeof x === 'number') {
      if (typeof y !== 'number' || !numberAccepted(x, y, tolerance)) return false;
    } else {
      if (!Array.isArray(y) || y.length !== x.length) return false;
      for (let j = 0; j < x.length; j++) if (!numberAccepted(x[j], y[j], tolerance)) return false;
    }
  }
  return true;
}

/**
 * The trace's own checks on top of its cells' grades: each right cell whose value differs
 * from the reference (because it was computed from the student's earlier wrong entries) is
 * noted "correct given your row j" (check "<cell>.given-earlier"); and two trace-level
 * mistakes: rows left blank at the end (stopped too early) and iterates whose f grows at
 * every step (a diverging step).
 */
function reviewTrace(setup: Setup, parsed: PartsParsed, grade: Grade): Grade {
  const parts = grade.parts ?? [];
  const reads = new Map(parsed.parts.map((p) => [p.id, p]));
  const plan = planOf(setup);
  const tolerance = toleranceOf(setup.spec);
  const rowOf = (id: string) => Number(/^r(\d+)-/.exec(id)![1]);
  const trail: Check[] = [...grade.trail];
  let firstWrongRow: number | null = null;
  parts.forEach((part, i) => {
    const row = rowOf(part.id);
    const read = reads.get(part.id);
    if (part.grade.correct && read?.solved && firstWrongRow !== null && firstWrongRow < row) {
      if (!sameValue(read.solved.solution.answer, plan[i].reference.solution.answer, tolerance)) {
        part.grade.feedback = [`Correct given your row ${firstWrongRow}.`];
        trail.push({ name: `${part.id}.given-earlier`, passed: true });
      }
    }
    if (!part.grade.correct && read?.value !== null && read !== undefined && firstWrongRow === null) firstWrongRow = row;
  });
  const out: Grade = { ...grade, trail };
  // Trace-level: rows left blank after the last row with an answer.
  const answeredRows = new Set(parsed.parts.filter((p) => p.value !== null).map((p) => rowOf(p.id)));
  const lastAnswered = Math.max(0, ...answeredRows);
  const diagnoses: { id: string; message: string }[] = [];
  if (lastAnswered > 0 && lastAnswered < setup.spec.rows) {
    diagnoses.push({ id: 'stopped-early', message: `You stopped after row ${lastAnswered}; the trace asks for ${setup.spec.rows} rows.` });
  }
  // Trace-level: f grows at every step of the student's own path (at least two steps).
  const fs = [setup.obj.f(setup.spec.x0)];
  for (let k = 0; k < setup.spec.rows; k++) {
    const given = reads.get(cellId(k, 'f'))?.value;
    const nextX = reads.get(cellId(k + 1, 'x'))?.value;
    const v = typeof given === 'number' ? given : Array.isArray(nextX) ? safeF(setup, nextX as Vec) : null;
    if (v === null) break;
    fs.push(v);
  }
  if (fs.length >= 3 && fs.every((v, i) => i === 0 || v > fs[i - 1])) {
    diagnoses.push({ id: 'diverging', message: 'Your iterates go uphill: f grows at every step. With this step the method diverges — check the step size and the sign of the direction.' });
  }
  for (const d of diagnoses) trail.push({ name: `mistake:${d.id}`, passed: true });
  if (diagnoses.length) out.diagnosis = diagnoses[0];
  return out;
}

function safeF(setup: Setup, x: Vec): number | null {
  if (x.length !== setup.n) return null;
  const v = setup.obj.f(x);
  return Number.isFinite(v) ? v : null;
}

/**
 * A trace's answer text from a list of rows (the CLI's `"rows"`): row i is an object of
 * column → the text typed (or a JSON number or array, written as text), e.g.
 * [{"g": "[2, 4]", "p": [-2, -4]}, {"x": "[0.5, 0]"}]. Throws an Error saying where it is wrong.
 */
export function traceRowsText(rows: unknown): string {
  if (!Array.isArray(rows)) throw new Error('"rows" must be a list of rows, each an object of column → text');
  const cells: Record<string, string> = {};
  rows.forEach((row, k) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`rows[${k}]: expected an object of column → text, e.g. {"x": "[1, 2]"}`);
    for (const [column, value] of Object.entries(row)) {
      if (!(TRACE_COLUMNS as readonly string[]).includes(column)) throw new Error(`rows[${k}]: there is no column "${column}" (the columns are ${TRACE_COLUMNS.join(', ')})`);
      if (value === null || value === '') continue;
      cells[cellId(k, column as TraceColumn)] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  });
  return JSON.stringify(cells);
}
