import { SeededRandom } from '../random.ts';

/** Standard deviation of the first coordinate after scaling, as in sklearn and openTSNE. */
export const INITIAL_STD = 1e-4;

/**
 * Starting 2-D positions: the data's first two principal components, or seeded Gaussian
 * noise; either way scaled so the first coordinate has standard deviation 1e-4.
 */
export function initialEmbedding(
  data: ArrayLike<number>,
  count: number,
  dim: number,
  init: 'pca' | 'random',
  seed: number,
): Float64Array {
  const random = new SeededRandom(seed);
  const points = init === 'pca' && dim >= 2 ? principalScores(data, count, dim, random) : gaussianPoints(count, random);
  return scaleFirstColumnStd(points, count, INITIAL_STD);
}

function gaussianPoints(count: number, random: SeededRandom): Float64Array {
  const points = new Float64Array(count * 2);
  for (let i = 0; i < points.length; i++) points[i] = random.normal();
  return points;
}

function scaleFirstColumnStd(points: Float64Array, count: number, target: number): Float64Array {
  let mean = 0;
  for (let i = 0; i < count; i++) mean += points[2 * i];
  mean /= count;
  let variance = 0;
  for (let i = 0; i < count; i++) variance += (points[2 * i] - mean) ** 2;
  const std = Math.sqrt(variance / count);
  const scale = std > 0 ? target / std : target;
  for (let i = 0; i < points.length; i++) points[i] *= scale;
  return points;
}

/**
 * Scores on the top two principal axes, by orthogonal (subspace) iteration on the centred
 * data: v <- Xᵀ(Xv), re-orthonormalised each step. Signs are fixed so that each axis's
 * largest-magnitude loading is positive, which makes the result independent of the start.
 */
export function principalScores(data: ArrayLike<number>, count: number, dim: number, random: SeededRandom): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= count;

  let axes = new Float64Array(2 * dim);
  for (let t = 0; t < axes.length; t++) axes[t] = random.normal();
  orthonormalize(axes, dim);
  const projected = new Float64Array(count * 2);
  for (let step = 0; step < 300; step++) {
    project(data, mean, count, dim, axes, projected);
    const next = new Float64Array(2 * dim);
    for (let i = 0; i < count; i++) {
      const s0 = projected[2 * i];
      const s1 = projected[2 * i + 1];
      const row = i * dim;
      for (let d = 0; d < dim; d++) {
        const x = data[row + d] - mean[d];
        next[d] += x * s0;
        next[dim + d] += x * s1;
      }
    }
    orthonormalize(next, dim);
    let change = 0;
    for (let t = 0; t < next.length; t++) change = Math.max(change, Math.abs(Math.abs(next[t]) - Math.abs(axes[t])));
    axes = next;
    if (change < 1e-7) break;
  }
  fixSigns(axes, dim);
  project(data, mean, count, dim, axes, projected);
  return projected;
}

function project(data: ArrayLike<number>, mean: Float64Array, count: number, dim: number, axes: Float64Array, out: Float64Array): void {
  for (let i = 0; i < count; i++) {
    let s0 = 0;
    let s1 = 0;
    const row = i * dim;
    for (let d = 0; d < dim; d++) {
      const x = data[row + d] - mean[d];
      s0 += x * axes[d];
      s1 += x * axes[dim + d];
    }
    out[2 * i] = s0;
    out[2 * i + 1] = s1;
  }
}

/** Gram-Schmidt on two stacked vectors of length dim; a vanished vector stays zero. */
function orthonormalize(axes: Float64Array, dim: number): void {
  normalize(axes, 0, dim);
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += axes[d] * axes[dim + d];
  for (let d = 0; d < dim; d++) axes[dim + d] -= dot * axes[d];
  normalize(axes, dim, dim);
}

function normalize(v: Float64Array, offset: number, dim: number): void {
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += v[offset + d] ** 2;
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (let d = 0; d < dim; d++) v[offset + d] /= norm;
}

function fixSigns(axes: Float64Array, dim: number): void {
  for (let a = 0; a < 2; a++) {
    let largest = 0;
    for (let d = 0; d < dim; d++) if (Math.abs(axes[a * dim + d]) > Math.abs(largest)) largest = axes[a * dim + d];
    if (largest < 0) for (let d = 0; d < dim; d++) axes[a * dim + d] = -axes[a * dim + d];
  }
}
