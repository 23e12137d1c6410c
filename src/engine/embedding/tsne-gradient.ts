import type { SparseAffinities } from './affinities.ts';
import type { QuadTree } from './quadtree.ts';

/**
 * The Barnes-Hut t-SNE gradient, 4·(exaggeration·F_attr − F_rep / Z), written into `gradient`.
 * Returns Z = Σ_{i≠j} (1 + |yi − yj|²)⁻¹ as estimated by the tree.
 */
export function tsneGradient(
  affinities: SparseAffinities,
  points: Float64Array,
  tree: QuadTree,
  theta: number,
  exaggeration: number,
  repulsion: Float64Array,
  gradient: Float64Array,
  order: Int32Array,
): number {
  const { count, rowStart, columns, values } = affinities;
  tree.build(points, count);
  repulsion.fill(0);
  let sumQ = 0;
  if (tree.spatialOrder(order) === count) {
    for (let t = 0; t < count; t++) sumQ += tree.repulsion(points, order[t], theta, repulsion);
  } else {
    for (let i = 0; i < count; i++) sumQ += tree.repulsion(points, i, theta, repulsion);
  }
  const z = Math.max(sumQ, Number.MIN_VALUE);
  for (let i = 0; i < count; i++) {
    const xi = points[2 * i], yi = points[2 * i + 1];
    let ax = 0, ay = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      const dx = xi - points[2 * j], dy = yi - points[2 * j + 1];
      const w = values[e] / (1 + dx * dx + dy * dy);
      ax += w * dx;
      ay += w * dy;
    }
    gradient[2 * i] = 4 * (exaggeration * ax - repulsion[2 * i] / z);
    gradient[2 * i + 1] = 4 * (exaggeration * ay - repulsion[2 * i + 1] / z);
  }
  return z;
}
