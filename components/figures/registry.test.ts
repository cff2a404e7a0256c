/** Every figure name a lesson may use has a live component, and nothing else is registered. */
import { expect, it } from 'vitest';
import { figureNames } from '@/lib/content/figures';
import { FIGURE_COMPONENTS } from './registry';

it('maps exactly the names listed in lib/content/figures.ts', () => {
  expect(Object.keys(FIGURE_COMPONENTS).sort()).toEqual(figureNames());
  expect(figureNames()).toHaveLength(7);
  for (const C of Object.values(FIGURE_COMPONENTS)) expect(typeof C).toBe('function');
});
