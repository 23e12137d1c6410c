import { squaredDistance } from './squared-distances.ts';

/** The k nearest other rows of every row, nearest first; distances are squared Euclidean. */
export interface NeighborLists {
  k: number;
  /** `count * k` row indices. */
  indices: Int32Array;
  /** `count * k` squared distances, matching `indices`. */
  distances: Float64Array;
}

/**
 * Exact k-nearest neighbours. Each pair's distance is computed once and offered to both
 * rows' bounded max-heaps, so the cost is count²·dim/2 — fine for the few thousand points
 * a map shows. Ties keep the lower index, so results do not depend on evaluation order.
 */
export function exactNearestNeighbors(data: ArrayLike<number>, count: number, dim: number, k: number): NeighborLists {
  if (!Number.isInteger(k) || k < 1 || k > count - 1) {
    throw new Error(`neighbours: k must be an integer in [1, ${count - 1}] for ${count} points (got ${k})`);
  }
  const heapIdx = new Int32Array(count * k);
  const heapDist = new Float64Array(count * k);
  const heapSize = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const d = squaredDistance(data, dim, i, j);
      offer(heapIdx, heapDist, heapSize, k, i, j, d);
      offer(heapIdx, heapDist, heapSize, k, j, i, d);
    }
  }
  const indices = new Int32Array(count * k);
  const distances = new Float64Array(count * k);
  const order = new Int32Array(k);
  for (let i = 0; i < count; i++) {
    const base = i * k;
    for (let t = 0; t < k; t++) order[t] = t;
    const sorted = Array.from(order).sort((a, b) => compare(heapDist[base + a], heapIdx[base + a], heapDist[base + b], heapIdx[base + b]));
    for (let t = 0; t < k; t++) {
      indices[base + t] = heapIdx[base + sorted[t]];
      distances[base + t] = heapDist[base + sorted[t]];
    }
  }
  return { k, indices, distances };
}

/** Orders (distance, index) pairs: nearer first, lower index on ties. */
function compare(da: number, ia: number, db: number, ib: number): number {
  return da !== db ? da - db : ia - ib;
}

function isFarther(da: number, ia: number, db: number, ib: number): boolean {
  return da > db || (da === db && ia > ib);
}

/** Pushes candidate `j` into row `i`'s max-heap (root = farthest kept neighbour). */
function offer(idx: Int32Array, dist: Float64Array, size: Int32Array, k: number, i: number, j: number, d: number): void {
  const base = i * k;
  let n = size[i];
  if (n < k) {
    let pos = n;
    size[i] = ++n;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!isFarther(d, j, dist[base + parent], idx[base + parent])) break;
      idx[base + pos] = idx[base + parent];
      dist[base + pos] = dist[base + parent];
      pos = parent;
    }
    idx[base + pos] = j;
    dist[base + pos] = d;
    return;
  }
  if (!isFarther(dist[base], idx[base], d, j)) return;
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && isFarther(dist[base + right], idx[base + right], dist[base + left], idx[base + left])) child = right;
    if (!isFarther(dist[base + child], idx[base + child], d, j)) break;
    idx[base + pos] = idx[base + child];
    dist[base + pos] = dist[base + child];
    pos = child;
  }
  idx[base + pos] = j;
  dist[base + pos] = d;
}
