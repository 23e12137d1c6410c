import type { NeighborLists } from './nearest-neighbors.ts';
import { exactNearestNeighbors } from './nearest-neighbors.ts';

/** A symmetric sparse matrix in CSR form; t-SNE's input similarities P, summing to 1. */
export interface SparseAffinities {
  count: number;
  /** `count + 1` offsets into `columns`/`values`. */
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

const PERPLEXITY_TOLERANCE = 1e-5;
const MAX_BISECTION_STEPS = 200;

/** Neighbours considered per point: 3·perplexity as in bhtsne, capped by the point count. */
export function neighborCountFor(perplexity: number, count: number): number {
  return Math.min(count - 1, Math.floor(3 * perplexity));
}

/**
 * P over the 3·perplexity nearest neighbours of each point: Gaussian conditionals whose
 * bandwidth is bisected until their perplexity matches, then symmetrised and normalised.
 */
export function sparseAffinities(data: ArrayLike<number>, count: number, dim: number, perplexity: number): SparseAffinities {
  if (!(perplexity > 0) || perplexity >= count - 1) {
    throw new Error(`perplexity must be greater than 0 and less than the number of points - 1 (${count - 1}); got ${perplexity}`);
  }
  return affinitiesFromNeighbors(exactNearestNeighbors(data, count, dim, neighborCountFor(perplexity, count)), count, perplexity);
}

/** P restricted to the given neighbour lists (all count-1 others gives exact t-SNE's dense P). */
export function affinitiesFromNeighbors(neighbors: NeighborLists, count: number, perplexity: number): SparseAffinities {
  return symmetrize(conditionalAffinities(neighbors, count, perplexity), neighbors, count);
}

/** P(j|i) for each listed neighbour j of i, each row summing to 1. */
export function conditionalAffinities(neighbors: NeighborLists, count: number, perplexity: number): Float64Array {
  const { k, distances } = neighbors;
  const conditional = new Float64Array(count * k);
  const targetEntropy = Math.log(perplexity);
  for (let i = 0; i < count; i++) {
    const base = i * k;
    const nearest = distances[base];
    let beta = 1;
    let betaMin = -Infinity;
    let betaMax = Infinity;
    let sum = 0;
    for (let step = 0; step < MAX_BISECTION_STEPS; step++) {
      sum = 0;
      let weighted = 0;
      for (let t = 0; t < k; t++) {
        const shifted = distances[base + t] - nearest;
        const p = Math.exp(-beta * shifted);
        conditional[base + t] = p;
        sum += p;
        weighted += shifted * p;
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      const diff = entropy - targetEntropy;
      if (Math.abs(diff) < PERPLEXITY_TOLERANCE) break;
      if (diff > 0) {
        betaMin = beta;
        beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
      }
    }
    for (let t = 0; t < k; t++) conditional[base + t] /= sum;
  }
  return conditional;
}

/** (P(j|i) + P(i|j)) / 2N as a CSR matrix, rows sorted by column. */
function symmetrize(conditional: Float64Array, neighbors: NeighborLists, count: number): SparseAffinities {
  const { k, indices } = neighbors;
  const rowCount = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < k; t++) {
      rowCount[i + 1]++;
      rowCount[indices[i * k + t] + 1]++;
    }
  }
  for (let i = 0; i < count; i++) rowCount[i + 1] += rowCount[i];
  const fill = rowCount.slice(0, count);
  const rawColumns = new Int32Array(rowCount[count]);
  const rawValues = new Float64Array(rowCount[count]);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      const p = conditional[i * k + t];
      rawColumns[fill[i]] = j;
      rawValues[fill[i]++] = p;
      rawColumns[fill[j]] = i;
      rawValues[fill[j]++] = p;
    }
  }
  const rowStart = new Int32Array(count + 1);
  const columns: number[] = [];
  const values: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const start = rowCount[i];
    const end = rowCount[i + 1];
    const order = Array.from({ length: end - start }, (_, t) => start + t).sort((a, b) => rawColumns[a] - rawColumns[b]);
    for (let t = 0; t < order.length; t++) {
      const col = rawColumns[order[t]];
      if (columns.length > rowStart[i] && columns[columns.length - 1] === col) values[values.length - 1] += rawValues[order[t]];
      else {
        columns.push(col);
        values.push(rawValues[order[t]]);
      }
      total += rawValues[order[t]];
    }
    rowStart[i + 1] = columns.length;
  }
  const normalized = Float64Array.from(values, (v) => v / total);
  return { count, rowStart, columns: Int32Array.from(columns), values: normalized };
}
