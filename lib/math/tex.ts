/**
 * LaTeX for people: what mathjs's toTex prints, tidied the way a teacher writes it.
 *   2\cdot x^3 + -3\cdot x\cdot y   →   2x^3 - 3xy
 *   1\cdot y + -1\cdot x            →   y - x
 * Only the display changes; evaluation always uses the original expression tree.
 */
import { ConstantNode, OperatorNode, parse, type MathNode } from 'mathjs';

/** The fields of an operator node this file reads (mathjs's own typing is keyed by operator). */
interface Op {
  type: 'OperatorNode';
  op: string;
  fn: string;
  args: MathNode[];
  implicit: boolean;
}

/** A new operator node. */
const opNode = (op: string, fn: string, args: MathNode[]): MathNode =>
  new OperatorNode(op as never, fn as never, args as never) as unknown as MathNode;

const asOp = (n: MathNode | Op): Op => n as unknown as Op;
const isOp = (n: MathNode | Op, op: string, arity?: number): boolean =>
  n.type === 'OperatorNode' && asOp(n).op === op && (arity === undefined || asOp(n).args.length === arity);

const constValue = (n: MathNode): number | undefined =>
  n.type === 'ConstantNode' && typeof (n as ConstantNode).value === 'number' ? ((n as ConstantNode).value as number) : undefined;

const mul = (a: MathNode, b: MathNode): MathNode => opNode('*', 'multiply', [a, b]);

/** If `n` reads as "minus something" (−3, −x, −3·x·y), that something; else undefined. */
function negated(n: MathNode): MathNode | undefined {
  const c = constValue(n);
  if (c !== undefined) return c < 0 ? new ConstantNode(-c) : undefined;
  if (isOp(n, '-', 1)) return asOp(n).args[0];
  if (isOp(n, '*', 2) || isOp(n, '/', 2)) {
    const inner = negated(asOp(n).args[0]);
    if (inner === undefined) return undefined;
    if (isOp(n, '*') && constValue(inner) === 1) return asOp(n).args[1];
    return opNode(asOp(n).op, asOp(n).fn, [inner, asOp(n).args[1]]);
  }
  return undefined;
}

/** Whether a number prints as a short decimal (at most 15 significant digits): 6, 0.5, not 0.30000000000000004. */
function short(c: number): boolean {
  return Number.isFinite(c) && Number(c.toPrecision(15)) === c;
}

/**
 * A product written as a textbook writes it: the numbers multiplied into one coefficient in
 * front, the other factors in their order (y·3 → 3y, 2·3·x·y → 6xy, x·(−2)·y → −2xy).
 * Numbers whose product would print as a long decimal (0.1·3) stay as written, in front.
 * Undefined when there is nothing to move or fold.
 */
function coefficientFirst(a: MathNode, b: MathNode): MathNode | undefined {
  const numbers: number[] = [];
  const factors: MathNode[] = [];
  let sign = 1;
  const collect = (m: MathNode): void => {
    if (isOp(m, '*', 2)) {
      asOp(m).args.forEach(collect);
      return;
    }
    if (isOp(m, '-', 1)) {
      sign = -sign;
      collect(asOp(m).args[0]);
      return;
    }
    const c = constValue(m);
    if (c === undefined) factors.push(m);
    else numbers.push(c);
  };
  collect(a);
  collect(b);
  const leading = constValue(a) !== undefined && numbers.length === 1;
  if (numbers.length === 0 || (leading && sign === 1) || factors.length === 0 && numbers.length < 2) return undefined;
  const c = sign * numbers.reduce((x, y) => x * y, 1);
  // Left-nested, so that the juxtaposition rules print c·x·y as cxy.
  const product = (first: MathNode[]): MathNode => [...first, ...factors].reduce((x, y) => mul(x, y));
  if (!short(c)) {
    // 0.1·3 would print 0.30000000000000004: keep the numbers as written, in front.
    const written = numbers.map((n) => new ConstantNode(n) as MathNode);
    const p = product(written);
    return sign < 0 ? opNode('-', 'unaryMinus', [p]) : p;
  }
  if (factors.length === 0) return new ConstantNode(c);
  if (c === 1) return product([]);
  if (c === -1) return opNode('-', 'unaryMinus', [product([])]);
  return product([new ConstantNode(c)]);
}

/**
 * Rewrites sums of negative terms as differences, folds signs into constants and drops
 * unit coefficients. Parentheses are dropped too: toTex puts back the ones needed.
 */
function tidy(n: MathNode): MathNode {
  if (n.type === 'ParenthesisNode') return tidy((n as unknown as { content: MathNode }).content);
  if (n.type !== 'OperatorNode') return n.map((child) => tidy(child));
  const op = asOp(n);
  const args = op.args.map(tidy);
  if (isOp(op, '-', 1)) {
    const c = constValue(args[0]);
    if (c !== undefined) return new ConstantNode(-c);
  }
  if (isOp(op, '+', 2)) {
    const neg = negated(args[1]);
    if (neg) return opNode('-', 'subtract', [args[0], neg]);
  }
  if (isOp(op, '-', 2)) {
    const neg = negated(args[1]);
    if (neg) return opNode('+', 'add', [args[0], neg]);
  }
  if (isOp(op, '^', 2)) {
    // A negative base keeps its parentheses: (−2)² is 4, −2² is −4.
    const c = constValue(args[0]);
    if (c !== undefined && c < 0) args[0] = opNode('-', 'unaryMinus', [new ConstantNode(-c)]);
  }
  if (isOp(op, '*', 2)) {
    const ordered = coefficientFirst(args[0], args[1]);
    if (ordered) return ordered;
    const c = constValue(args[0]);
    if (c === 1) return args[1];
    if (c === -1) return opNode('-', 'unaryMinus', [args[1]]);
    // c·(−b) → (−c)·b and a·(−b) → −(a·b)
    const neg = negated(args[1]);
    if (neg && c !== undefined) return tidy(mul(new ConstantNode(-c), neg));
    if (neg) return opNode('-', 'unaryMinus', [tidy(mul(args[0], neg))]);
    // c1·(c2·b) → (c1c2)·b
    if (c !== undefined && isOp(args[1], '*', 2)) {
      const c2 = constValue(asOp(args[1]).args[0]);
      if (c2 !== undefined) return tidy(mul(new ConstantNode(c * c2), asOp(args[1]).args[1]));
    }
  }
  return opNode(op.op, op.fn, args);
}

/** Whether `n` starts with a digit when printed (then a product before it needs a \cdot). */
function startsWithNumber(n: MathNode): boolean {
  if (n.type === 'ConstantNode') return true;
  if (n.type === 'OperatorNode') {
    const op = asOp(n);
    if (op.args.length === 1) return op.fn !== 'unaryMinus' && startsWithNumber(op.args[0]);
    if (op.op === '^' || op.op === '*') return startsWithNumber(op.args[0]);
    return false;
  }
  return false;
}

/**
 * Marks products that read well without a dot (2x, xy, 3\sin x, 2(1 − x)) as implicit,
 * bottom-up; returns whether `n` itself prints as a juxtaposed product or a single factor.
 */
function markImplicit(n: MathNode): boolean {
  if (n.type === 'OperatorNode') {
    const op = asOp(n);
    const marks = op.args.map(markImplicit);
    if (!isOp(op, '*', 2)) return op.op === '^';
    const [a, b] = op.args;
    const right =
      b.type === 'SymbolNode' || b.type === 'FunctionNode' || b.type === 'ParenthesisNode' ||
      isOp(b, '^', 2) || isOp(b, '+', 2) || isOp(b, '-', 2);
    const left = a.type === 'ConstantNode' || a.type === 'SymbolNode' || a.type === 'FunctionNode' || isOp(a, '^', 2) || (isOp(a, '*', 2) && marks[0]);
    if (left && right && !startsWithNumber(b)) {
      op.implicit = true;
      return true;
    }
    return false;
  }
  n.forEach((child) => markImplicit(child));
  return n.type === 'SymbolNode' || n.type === 'ConstantNode' || n.type === 'FunctionNode';
}

/** Teacher-style LaTeX of an expression tree (the tree itself is not changed). */
export function displayTex(node: MathNode): string {
  const t = tidy(node);
  markImplicit(t);
  // mathjs separates hidden products with "~" (a visible space); juxtaposition reads better.
  return t.toTex({ implicit: 'hide', parenthesis: 'auto' }).replace(/~/g, ' ');
}

/**
 * An expression in mathjs syntax as a person would type it, tidied like displayTex:
 * "2 * x ^ 2 + -8 * y" → "2x^2 - 8y", "y * 3" → "3y". The text reads back (in mathjs and in
 * the answer box) as the same expression. Text that mathjs cannot parse is returned as it is.
 */
export function displayText(expr: string): string {
  let node: MathNode;
  try {
    node = parse(expr);
  } catch {
    return expr;
  }
  const t = tidy(node);
  markImplicit(t);
  return t
    .toString({ implicit: 'hide', parenthesis: 'auto' })
    .replace(/ \^ /g, '^')
    .replace(/(^|[^A-Za-z0-9_.^])([0-9.]+) ([A-Za-z])(?![A-Za-z0-9_(])/g, '$1$2$3');
}
