/**
 * KaTeX source for numbers, vectors and matrices in answers and worked steps.
 */

/**
 * A number as KaTeX: integers exactly, other numbers with up to 6 significant digits
 * and no trailing zeros; very large or small magnitudes as `m \times 10^{e}`.
 * Examples: 12 → "12", -0.5 → "-0.5", 1/3 → "0.333333", 1.5e-7 → "1.5 \times 10^{-7}".
 */
export function texNumber(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (Object.is(x, -0) || x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const text = x.toPrecision(6);
  const [mantissa, exponent] = text.split('e');
  const m = stripZeros(mantissa);
  if (exponent === undefined) return m;
  const e = Number(exponent);
  return m === '1' ? `10^{${e}}` : m === '-1' ? `-10^{${e}}` : `${m} \\times 10^{${e}}`;
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A column vector as a bmatrix, e.g. [1, 2] → "\begin{bmatrix}1\\2\end{bmatrix}". */
export function texVector(v: readonly number[]): string {
  return texExprVector(v.map(texNumber));
}

/** A matrix (row by row) as a bmatrix with its entries through texNumber. */
export function texMatrix(M: readonly (readonly number[])[]): string {
  return texExprMatrix(M.map((row) => row.map(texNumber)));
}

/** A column vector whose entries are KaTeX source already (e.g. symbolic partials). */
export function texExprVector(v: readonly string[]): string {
  return `\\begin{bmatrix}${v.join('\\\\')}\\end{bmatrix}`;
}

/** A matrix whose entries are KaTeX source already (e.g. a symbolic Hessian). */
export function texExprMatrix(M: readonly (readonly string[])[]): string {
  return `\\begin{bmatrix}${M.map((row) => row.join('&')).join('\\\\')}\\end{bmatrix}`;
}

/** A point or row tuple, e.g. [1, -2] → "(1, -2)". */
export function texPoint(v: readonly number[]): string {
  return `(${v.map(texNumber).join(', ')})`;
}

/** texNumber, in parentheses when negative (for a number inside a formula: "3 - (-2)"). */
export function texParen(x: number): string {
  return x < 0 ? `(${texNumber(x)})` : texNumber(x);
}
