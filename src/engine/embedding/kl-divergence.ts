import type { SparseAffinities } from './affinities.ts';

/** KL(P‖Q) over P's non-zeros, given Z = Σ_{i≠j} (1 + |yi − yj|²)⁻¹ for the current map. */
export function klDivergenceWithZ(affinities: SparseAffinities, points: Float64Array | Float32Array, z: number): number {
  const { count, rowStart, columns, values } = affinities;
  const logZ = Math.log(z);
  let kl = 0;
  for (let i = 0; i < count; i++) {
    const xi = points[2 * i], yi = points[2 * i + 1];
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const p = values[e];
      if (p <= 0) continue;
      const j = columns[e];
      const dx = xi - points[2 * j], dy = yi - points[2 * j + 1];
      kl += p * (Math.log(p) + Math.log(1 + dx * dx + dy * dy) + logZ);
    }
  }
  return kl;
}

/** Z summed exactly over all pairs (count²/2 terms; a fraction of a second for 10k points). */
export function exactNormalizer(points: Float64Array | Float32Array, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const xi = points[2 * i], yi = points[2 * i + 1];
    for (let j = i + 1; j < count; j++) {
      const dx = xi - points[2 * j], dy = yi - points[2 * j + 1];
      sum += 1 / (1 + dx * dx + dy * dy);
    }
  }
  return 2 * sum;
}

/** The exact KL divergence of a 2-D map against P. */
export function klDivergence(affinities: SparseAffinities, points: Float64Array | Float32Array): number {
  return klDivergenceWithZ(affinities, points, exactNormalizer(points, affinities.count));
}
