/** The small course the LTI suites launch into. */
import type { CourseData } from '@/server/db/seed';
import { CUBIC_GRADIENT, CUBIC_HESSIAN, exercise, testCourse } from '../support/course';

/**
 * f = x³ + y³ + 2xy: ∇f = (3x² + 2y, 3y² + 2x), so ∇f(1, 2) = (3 + 4, 12 + 2) = (7, 14);
 * H = [6x 2; 2 6y], so H(1, 2) = [6 2; 2 12].
 */
export function ltiCourse(): CourseData {
  return testCourse('calc', 'Calculus', [
    { slug: 'hessian', title: 'The Hessian', exercises: [exercise('h-point', CUBIC_HESSIAN), exercise('h-grad', CUBIC_GRADIENT)] },
    { slug: 'gradients', title: 'Gradients', exercises: [exercise('g-point', CUBIC_GRADIENT)] },
  ]);
}
