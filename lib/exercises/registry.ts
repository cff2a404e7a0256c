/**
 * Every exercise kind, one import and one entry each, in alphabetical order.
 * Adding a kind = one folder `lib/exercises/<kind>/` + one import + one entry here.
 */
import type { ExerciseKind } from './types';
import { kind as bfgsUpdate } from './bfgs-update';
import { kind as bfgsUpdateDirect } from './bfgs-update-direct';
import { kind as choice } from './choice';
import { kind as classifyCriticalPoint } from './classify-critical-point';
import { kind as conditionNumber } from './condition-number';
import { kind as definiteness } from './definiteness';
import { kind as directionalDerivative } from './directional-derivative';
import { kind as eigenvalues } from './eigenvalues';
import { kind as expression } from './expression';
import { kind as figureDirection } from './figure-direction';
import { kind as figurePoint } from './figure-point';
import { kind as figureStepSize } from './figure-step-size';
import { kind as gdIterations } from './gd-iterations';
import { kind as gdOptimalStep } from './gd-optimal-step';
import { kind as gdRate } from './gd-rate';
import { kind as gdStep } from './gd-step';
import { kind as gradient } from './gradient';
import { kind as hessian } from './hessian';
import { kind as hvp } from './hvp';
import { kind as lbfgsDirection } from './lbfgs-direction';
import { kind as matrix } from './matrix';
import { kind as multiPart } from './multi-part';
import { kind as newtonIterations } from './newton-iterations';
import { kind as newtonStep } from './newton-step';
import { kind as number } from './number';
import { kind as numericalHessian } from './numerical-hessian';
import { kind as preconditionedStep } from './preconditioned-step';
import { kind as secondDerivativeTest } from './second-derivative-test';
import { kind as taylor2 } from './taylor2';
import { kind as trace } from './trace';
import { kind as vector } from './vector';

/** All kinds known to the engine, in alphabetical order of their `kind` string. */
export const KINDS: readonly ExerciseKind[] = [
  bfgsUpdate,
  bfgsUpdateDirect,
  choice,
  classifyCriticalPoint,
  conditionNumber,
  definiteness,
  directionalDerivative,
  eigenvalues,
  expression,
  figureDirection,
  figurePoint,
  figureStepSize,
  gdIterations,
  gdOptimalStep,
  gdRate,
  gdStep,
  gradient,
  hessian,
  hvp,
  lbfgsDirection,
  matrix,
  multiPart,
  newtonIterations,
  newtonStep,
  number,
  numericalHessian,
  preconditionedStep,
  secondDerivativeTest,
  taylor2,
  trace,
  vector,
];
