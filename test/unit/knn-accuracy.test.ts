import { describe, expect, it } from 'vitest';
import { knnAccuracy } from '../../src/engine/embedding/knn-accuracy.ts';

describe('knnAccuracy', () => {
  it('counts points whose nearest other point shares their label', () => {
    // Nearest neighbours: 0<->1, 2<->3, 4<->5; the last pair disagrees, so 4 of 6 are right.
    const points = Float32Array.from([0, 0, 0.1, 0, 5, 1, 5.2, 1, 10, -1, 10.4, -1]);
    expect(knnAccuracy(points, 2, [0, 0, 1, 1, 1, 0], 6)).toBeCloseTo(4 / 6, 12);
    expect(knnAccuracy(points, 2, [7, 7, 3, 3, 9, 9], 6)).toBe(1);
  });

  it('leaves each point out of its own neighbourhood', () => {
    const points = Float32Array.from([0, 1, 2]);
    expect(knnAccuracy(points, 1, [0, 1, 0], 3)).toBe(0);
  });

  it('names the mismatch', () => {
    expect(() => knnAccuracy(Float32Array.from([0, 1, 2]), 1, [0, 1], 3)).toThrow(/labels must have one entry per point \(3\), got 2/);
  });
});
