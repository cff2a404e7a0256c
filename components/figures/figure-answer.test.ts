/** The figure answer's texts: what a move writes into the box, and what the box's text moves. */
import { describe, expect, it } from 'vitest';
import { alphaText, directionOf, readNumber, readVector, sliderStep, tipOf, vectorText } from './figure-answer';
import { coordinateQuantum, niceStep, roundCoordinate } from './plot';

describe('figure answer texts', () => {
  it('rounds coordinates to a power of ten near a 400th of the plot width', () => {
    // Width 3.2: 3.2/400 = 0.008, so thousandths; width 40: 0.1.
    expect(coordinateQuantum(3.2)).toBeCloseTo(0.001, 12);
    expect(coordinateQuantum(40)).toBeCloseTo(0.1, 12);
    expect(roundCoordinate(0.66666, 3.2)).toBe(0.667);
    expect(roundCoordinate(-0.0004, 3.2)).toBe(0); // never −0
    expect(Object.is(roundCoordinate(-0.0004, 3.2), -0)).toBe(false);
  });
  it('keys step by round numbers: 3.2/200 = 0.016 → 0.02, 3.2/40 = 0.08 → 0.1', () => {
    expect(niceStep(3.2 / 200)).toBeCloseTo(0.02, 12);
    expect(niceStep(3.2 / 40)).toBeCloseTo(0.1, 12);
  });
  it('writes points as the server reads them and reads typed ones back', () => {
    expect(vectorText([0.5, 0])).toBe('(0.5, 0)');
    expect(vectorText([-0, -1.25])).toBe('(0, -1.25)');
    expect(readVector('(0.5, 0)')).toEqual([0.5, 0]);
    expect(readVector('[2/3, sqrt(4)]')![0]).toBeCloseTo(2 / 3, 12);
    expect(readVector('(0.5, ')).toBeNull();
    expect(readVector('(1, 2, 3)')).toBeNull();
    expect(readVector('')).toBeNull();
    expect(readNumber('1/4')).toBe(0.25);
    expect(readNumber('0.2,')).toBeNull();
  });
  it('turns an arrow into its direction and a direction into an arrow inside the square', () => {
    // From (1, 0) to (2, −1) on [−1.6, 1.6]²: d = (1, −1).
    expect(directionOf([1, 0], [2, -1], [-1.6, 1.6])).toEqual([1, -1]);
    // From (1, 0), d = (1, −1) leaves the square at x = 1.6: t = 0.6, tip (1.6, −0.6).
    const tip = tipOf([1, 0], [1, -1], [-1.6, 1.6]);
    expect(tip[0]).toBeCloseTo(1.6, 12);
    expect(tip[1]).toBeCloseTo(-0.6, 12);
    // A short direction is drawn as it is.
    expect(tipOf([1, 0], [0.2, 0.3], [-1.6, 1.6])).toEqual([1.2, 0.3]);
  });
  it('puts the slider on a round grid: [0.02, 0.55] → 0.53/500 = 0.00106 → 0.001', () => {
    const step = sliderStep([0.02, 0.55]);
    expect(step).toBeCloseTo(0.001, 12);
    expect(alphaText(0.30000000000000004, step)).toBe('0.3');
    expect(alphaText(0.2154, step)).toBe('0.215');
  });
});
