/**
 * LaTeX for people: what mathjs's toTex prints, tidied the way a teacher writes it.
 *   2\cdot x^3 + -3\cdot x\cdot y   →   2x^3 - 3xy
 *   1\cdot y + -1\cdot x            →   y - x
 * Only the display changes; evaluation always uses the original expression tree.
 */
import { ConstantNode, OperatorNode, type MathNode } from 'mathjs';

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
