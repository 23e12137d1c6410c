import { checkMatrix } from './check-input.ts';
import { exactNearestNeighbors } from './nearest-neighbors.ts';
import { squaredDistanceRow } from './squared-distances.ts';

/**
 * Trustworthiness of a low-dimensional map (Venna & Kaski 2001), as
 * sklearn.manifold.trustworthiness: 1 minus a penalty for each of a point's k nearest
 * neighbours in the map that is not among its k nearest in the original space, weighted by
 * how far down the original ranking it sits. 1 is perfect; k must be below count / 2.
 */
export function trustworthiness(
  high: Float32Array,
  dimHigh: number,
  low: Float32Array,
  dimLow: number,
  count: number,
  k = 10,
): number {
  checkMatrix(high, count, dimHigh, 'trustworthiness high-dimensional data');
  checkMatrix(low, count, dimLow, 'trustworthiness map');
  if (!Number.isInteger(k) || k < 1 || k >= count / 2) {
    throw new Error(`trustworthiness: k must be an integer in [1, ${Math.ceil(count / 2) - 1}] for ${count} points (got ${k})`);
  }
  const mapNeighbors = exactNearestNeighbors(low, count, dimLow, k).indices;
  const row = new Float64Array(count);
  let penalty = 0;
  for (let i = 0; i < count; i++) {
    squaredDistanceRow(high, count, dimHigh, i, row);
    for (let t = 0; t < k; t++) {
      const j = mapNeighbors[i * k + t];
      const rank = rankAmongOthers(row, i, j);
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (penalty * 2) / (count * k * (2 * count - 3 * k - 1));
}

/** 1-based rank of j among the points other than i, nearest first, lower index first on ties. */
function rankAmongOthers(distances: Float64Array, i: number, j: number): number {
  const dj = distances[j];
  let closer = 0;
  for (let m = 0; m < distances.length; m++) {
    if (m === i) continue;
    const dm = distances[m];
    if (dm < dj || (dm === dj && m < j)) closer++;
  }
  return closer + 1;
}
