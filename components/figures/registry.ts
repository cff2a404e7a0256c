/**
 * Figure name → component, for every name in lib/content/figures.ts. Loaded with import()
 * by LazyFigure only when a figure comes into view, so this module (and mathjs behind it)
 * stays out of the lesson page's first load.
 */
import type { ComponentType } from 'react';
import { LossCurve, OptimiserPaths } from './OptimiserFigures';
import { CriticalPoints, CurvatureSlices, LevelCurves, QuadraticBowl, TaylorModel } from './SurfaceFigures';
import type { FigureProps } from './props';

/** The live component of each figure name. */
export const FIGURE_COMPONENTS: Readonly<Record<string, ComponentType<FigureProps>>> = {
  'level-curves': LevelCurves,
  'curvature-slices': CurvatureSlices,
  'quadratic-bowl': QuadraticBowl,
  'critical-points': CriticalPoints,
  'taylor-model': TaylorModel,
  'optimiser-paths': OptimiserPaths,
  'loss-curve': LossCurve,
};
