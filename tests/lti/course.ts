/** The small course the LTI suites launch into, and a fresh migrated database for them. */
import type { CourseData } from '@/server/db/seed';

export const CUBIC = 'x^3 + y^3 + 2*x*y';

/**
 * f = x³ + y³ + 2xy: ∇f = (3x² + 2y, 3y² + 2x), so ∇f(1, 2) = (3 + 4, 12 + 2) = (7, 14);
 * H = [6x 2; 2 6y], so H(1, 2) = [6 2; 2 12].
 */
export function ltiCourse(): CourseData {
  return {
    slug: 'calc',
    title: 'Calculus',
    lessons: [
      {
        slug: 'hessian',
        title: 'The Hessian',
        position: 0,
        exercises: [
          {
            key: 'h-point',
            kind: 'hessian',
            kindVersion: 1,
            spec: { kind: 'hessian', f: CUBIC, vars: ['x', 'y'], at: [1, 2] },
            specHash: 'hash-h-point',
            position: 0,
            settings: { attempts: 0, reveal: 'never', hints: [] },
          },
          {
            key: 'h-grad',
            kind: 'gradient',
            kindVersion: 1,
            spec: { kind: 'gradient', f: CUBIC, vars: ['x', 'y'], at: [1, 2] },
            specHash: 'hash-h-grad',
            position: 1,
            settings: { attempts: 0, reveal: 'never', hints: [] },
          },
        ],
      },
      {
        slug: 'gradients',
        title: 'Gradients',
        position: 1,
        exercises: [
          {
            key: 'g-point',
            kind: 'gradient',
            kindVersion: 1,
            spec: { kind: 'gradient', f: CUBIC, vars: ['x', 'y'], at: [1, 2] },
            specHash: 'hash-g-point',
            position: 0,
            settings: { attempts: 0, reveal: 'never', hints: [] },
          },
        ],
      },
    ],
  };
}
