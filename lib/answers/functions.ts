/**
 * The functions a student may call in an answer. Nothing outside this table can be
 * called: a name followed by "(" that is not here is an unknown function.
 *
 * Each entry says how many arguments it takes, how to compute it with plain
 * JavaScript numbers, its name in mathjs syntax (for the normalised text) and how to
 * write it in KaTeX. Every name (and every alias) is also a mathjs function, except
 * `ln`, which is written `log` in the normalised text.
 */

export interface MathFunction {
  /** Canonical (mathjs) name, used in the normalised text. */
  name: string;
  minArgs: number;
  /** Most arguments; Infinity for max and min, which fold `evaluate` over any number of them. */
  maxArgs: number;
  evaluate(a: number, b: number): number;
  /** KaTeX of a call, given the KaTeX of the arguments. */
  tex(args: string[]): string;
}

function unary(name: string, evaluate: (a: number) => number, texName: string): MathFunction {
  return { name, minArgs: 1, maxArgs: 1, evaluate, tex: (a) => `${texName}\\left(${a[0]}\\right)` };
}

const TABLE: MathFunction[] = [
  { name: 'sqrt', minArgs: 1, maxArgs: 1, evaluate: Math.sqrt, tex: (a) => `\\sqrt{${a[0]}}` },
  { name: 'cbrt', minArgs: 1, maxArgs: 1, evaluate: Math.cbrt, tex: (a) => `\\sqrt[3]{${a[0]}}` },
  { name: 'abs', minArgs: 1, maxArgs: 1, evaluate: Math.abs, tex: (a) => `\\left|${a[0]}\\right|` },
  unary('exp', Math.exp, '\\exp'),
  {
    // log(x) is the natural logarithm (as in mathjs); log(x, b) is the logarithm to base b.
    name: 'log',
    minArgs: 1,
    maxArgs: 2,
    evaluate: (a, b) => (b === undefined ? Math.log(a) : Math.log(a) / Math.log(b)),
    tex: (a) => (a.length === 1 ? `\\ln\\left(${a[0]}\\right)` : `\\log_{${a[1]}}\\left(${a[0]}\\right)`),
  },
  unary('log10', Math.log10, '\\log_{10}'),
  unary('log2', Math.log2, '\\log_{2}'),
  unary('sin', Math.sin, '\\sin'),
  unary('cos', Math.cos, '\\cos'),
  unary('tan', Math.tan, '\\tan'),
  unary('sec', (a) => 1 / Math.cos(a), '\\sec'),
  unary('csc', (a) => 1 / Math.sin(a), '\\csc'),
  unary('cot', (a) => 1 / Math.tan(a), '\\cot'),
  unary('asin', Math.asin, '\\arcsin'),
  unary('acos', Math.acos, '\\arccos'),
  unary('atan', Math.atan, '\\arctan'),
  unary('sinh', Math.sinh, '\\sinh'),
  unary('cosh', Math.cosh, '\\cosh'),
  unary('tanh', Math.tanh, '\\tanh'),
  // reciprocal and inverse hyperbolic functions: mathjs's symbolic derivative writes them
  unary('sech', (a) => 1 / Math.cosh(a), '\\operatorname{sech}'),
  unary('csch', (a) => 1 / Math.sinh(a), '\\operatorname{csch}'),
  unary('coth', (a) => 1 / Math.tanh(a), '\\coth'),
  unary('asinh', Math.asinh, '\\operatorname{arsinh}'),
  unary('acosh', Math.acosh, '\\operatorname{arcosh}'),
  unary('atanh', Math.atanh, '\\operatorname{artanh}'),
  unary('asec', (a) => Math.acos(1 / a), '\\operatorname{arcsec}'),
  unary('acsc', (a) => Math.asin(1 / a), '\\operatorname{arccsc}'),
  unary('acot', (a) => Math.atan(1 / a), '\\operatorname{arccot}'),
  unary('asech', (a) => Math.acosh(1 / a), '\\operatorname{arsech}'),
  unary('acsch', (a) => Math.asinh(1 / a), '\\operatorname{arcsch}'),
  unary('acoth', (a) => Math.atanh(1 / a), '\\operatorname{arcoth}'),
  // sign(0) = 0, as in mathjs; signum is another spelling
  { name: 'sign', minArgs: 1, maxArgs: 1, evaluate: Math.sign, tex: (a) => `\\operatorname{sgn}\\left(${a[0]}\\right)` },
  { name: 'max', minArgs: 2, maxArgs: Infinity, evaluate: Math.max, tex: (a) => `\\max\\left(${a.join(', ')}\\right)` },
  { name: 'min', minArgs: 2, maxArgs: Infinity, evaluate: Math.min, tex: (a) => `\\min\\left(${a.join(', ')}\\right)` },
  { name: 'pow', minArgs: 2, maxArgs: 2, evaluate: Math.pow, tex: (a) => `\\left(${a[0]}\\right)^{${a[1]}}` },
  {
    // nthRoot(x) is sqrt(x); nthRoot(x, n) the real n-th root (negative x for odd n, as in mathjs).
    name: 'nthRoot',
    minArgs: 1,
    maxArgs: 2,
    evaluate: (a, n) => nthRoot(a, n === undefined ? 2 : n),
    tex: (a) => (a.length === 1 ? `\\sqrt{${a[0]}}` : `\\sqrt[${a[1]}]{${a[0]}}`),
  },
];

function nthRoot(a: number, n: number): number {
  if (a < 0 && Number.isInteger(n) && Math.abs(n % 2) === 1) return -Math.pow(-a, 1 / n);
  return Math.pow(a, 1 / n);
}

/** Other spellings accepted for a function, mapped to its canonical name. */
const ALIASES: Record<string, string> = {
  ln: 'log',
  signum: 'sign',
  sgn: 'sign',
  arcsin: 'asin',
  arccos: 'acos',
  arctan: 'atan',
  arcsec: 'asec',
  arccsc: 'acsc',
  arccot: 'acot',
  arsinh: 'asinh',
  arcsinh: 'asinh',
  arcosh: 'acosh',
  arccosh: 'acosh',
  artanh: 'atanh',
  arctanh: 'atanh',
};

const BY_NAME = new Map<string, MathFunction>(TABLE.map((f) => [f.name, f]));
for (const [alias, name] of Object.entries(ALIASES)) BY_NAME.set(alias, BY_NAME.get(name)!);

/** The function called `name` (canonical or alias), or undefined when it is not allowed. */
export function lookupFunction(name: string): MathFunction | undefined {
  return BY_NAME.get(name);
}

/** Every name a student may call (canonical names and aliases). */
export const FUNCTION_NAMES: readonly string[] = [...BY_NAME.keys()];

/** The usual functions, for messages. */
export const COMMON_FUNCTIONS = 'sqrt, exp, ln (or log), sin, cos, tan, abs, sign, max, min and their relatives (asin, sinh, sec, log10, …)';
