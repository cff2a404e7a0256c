/**
 * Every exercise kind, one import and one entry each, in alphabetical order.
 * Adding a kind = one folder `lib/exercises/<kind>/` + one import + one entry here.
 */
import type { ExerciseKind } from './types';
import { kind as classifyCriticalPoint } from './classify-critical-point';
import { kind as conditionNumber } from './condition-number';
import { kind as definiteness } from './definiteness';
import { kind as directionalDerivative } from './directional-derivative';
import { kind as eigenvalues } from './eigenvalues';
import { kind as gradient } from './gradient';
import { kind as hessian } from './hessian';
import { kind as hvp } from './hvp';
import { kind as numericalHessian } from './numerical-hessian';
import { kind as secondDerivativeTest } from './second-derivative-test';
import { kind as taylor2 } from './taylor2';

/** All kinds known to the engine, in alphabetical order of their `kind` string. */
export const KINDS: readonly ExerciseKind[] = [
  classifyCriticalPoint,
  conditionNumber,
  definiteness,
  directionalDerivative,
  eigenvalues,
  gradient,
  hessian,
  hvp,
  numericalHessian,
  secondDerivativeTest,
  taylor2,
];
