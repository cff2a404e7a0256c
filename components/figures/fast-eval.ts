/**
 * A plotting-speed evaluator for contour grids: the function, already accepted by
 * lib/math's compileFunction (same errors), read by lib/answers into plain JavaScript
 * closures over Math, so sampling a 200×200 grid costs a few milliseconds instead of the
 * tens that mathjs's typed dispatch takes. Real arithmetic only: where mathjs would give a
 * complex number (lib/math reads it as NaN) the closures give NaN too. Optimiser paths,
 * gradients and Hessians keep using lib/math.
 */
import { readExpression } from '@/lib/answers';
import { compileFunction } from '@/lib/math';

/**
 * f(vars) as a fast (x: Float64Array) => number. Falls back to lib/math's compiled f for
 * anything the answer reader does not read (e.g. a formula beyond its size limits).
 */
export function fastFunction(f: string, vars: readonly string[]): (x: Float64Array) => number {
  const compiled = compileFunction(f, [...vars]);
  const read = readExpression(compiled.expr, [...vars], { maxLength: 100_000, maxNodes: 100_000 });
  if (read.ok) return read.value.evaluate;
  return (x) => compiled.f(Array.from(x));
}
