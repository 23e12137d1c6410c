import { expect } from 'vitest';

/** max |x - y| over max |y|: the error of `x` relative to the reference `y`'s scale. */
export function relativeError(x: Float32Array, y: Float32Array): number {
  expect(x.length).toBe(y.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / scale;
}
