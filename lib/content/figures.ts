/**
 * The interactive figures a lesson may place with <Figure name="…" … />. The app maps
 * each name to a component (computed in the browser with lib/math); check-content
 * rejects names and props not listed here, so a typo never reaches a student.
 */

/** What a figure shows and the props it takes (all optional, JSON literals). */
export interface FigureInfo {
  description: string;
  props: readonly string[];
}

/** Every figure name lessons may use. Adding one: an entry here and a component in the app. */
export const FIGURES: Readonly<Record<string, FigureInfo>> = {
  'level-curves': {
    description:
      'Contour plot of f(x, y) with gradient arrows at a grid of points; hovering a point shows ∇f there and the unit direction of steepest ascent.',
    props: ['f', 'vars', 'range', 'point', 'caption'],
  },
  'curvature-slices': {
    description:
      'Surface of f(x, y) near a point with the curve cut by a direction the student turns; shows the second derivative along that direction, uᵀHu.',
    props: ['f', 'vars', 'at', 'range', 'caption'],
  },
  'quadratic-bowl': {
    description:
      'Contours of ½xᵀAx for a symmetric 2×2 matrix the student edits, with the eigenvectors scaled by their eigenvalues; bowl, cap or saddle.',
    props: ['matrix', 'range', 'caption'],
  },
  'critical-points': {
    description:
      'Contour or 3-D surface of f(x, y) with its critical points marked and classified (minimum, maximum, saddle, degenerate).',
    props: ['f', 'vars', 'range', 'points', 'caption'],
  },
  'taylor-model': {
    description:
      'f(x, y) and its second-order Taylor model around a point the student drags, side by side, with the gap between them.',
    props: ['f', 'vars', 'at', 'range', 'caption'],
  },
  'optimiser-paths': {
    description:
      'Contour plot with the paths of optimisers (gd, newton, bfgs, lbfgs, preconditioned) from a start point; the student changes the start, step size, κ and method.',
    props: ['f', 'vars', 'range', 'start', 'methods', 'lr', 'kappa', 'steps', 'caption'],
  },
  'loss-curve': {
    description: 'Loss (or error) against iteration on a log scale for the same runs as optimiser-paths.',
    props: ['f', 'vars', 'start', 'methods', 'lr', 'kappa', 'steps', 'caption'],
  },
};

/** The known figure names, sorted. */
export function figureNames(): string[] {
  return Object.keys(FIGURES).sort();
}
