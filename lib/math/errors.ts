/**
 * The one error type of lib/math. It is thrown for input the mathematics cannot accept:
 * a singular system, a BFGS pair with yᵀs ≤ 0, a function that does not parse or uses an
 * unknown symbol, mismatched dimensions, a matrix that should be symmetric or positive
 * definite and is not. Callers (the exercise kinds) turn it into a message about the
 * input that is wrong.
 */
export class MathError extends Error {
  /** Creates the error with a message meant for the author of the input. */
  constructor(message: string) {
    super(message);
    this.name = 'MathError';
  }
}
