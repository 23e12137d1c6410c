import { checkMatrix } from './check-input.ts';
import { squaredDistance } from './squared-distances.ts';

/**
 * Leave-one-out 1-nearest-neighbour accuracy: the fraction of points whose nearest other
 * point (lowest index on ties) carries the same label.
 */
export function knnAccuracy(points: Float32Array, dim: number, labels: ArrayLike<number>, count: number): number {
  checkMatrix(points, count, dim, 'knnAccuracy points');
  if (labels.length !== count) throw new Error(`knnAccuracy: labels must have one entry per point (${count}), got ${labels.length}`);
  if (count < 2) throw new Error(`knnAccuracy: needs at least 2 points (got ${count})`);
  let correct = 0;
  for (let i = 0; i < count; i++) {
    let nearest = -1;
    let best = Infinity;
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      const d = squaredDistance(points, dim, i, j);
      if (d < best) {
        best = d;
        nearest = j;
      }
    }
    if (labels[nearest] === labels[i]) correct++;
  }
  return correct / count;
}
