import * as tf from '@tensorflow/tfjs';
import { readFloats } from '../read-back.ts';
import { gatherRows, indicesByDigit } from './per-class.ts';
import type { Scores } from './types.ts';

const BLOCK_ROWS = 512;

/** Mean Euclidean distance of each row of `points` to its `k` nearest other rows. */
async function meanKnnDistance(points: Float32Array, count: number, dim: number, k: number): Promise<Float32Array> {
  const scores = new Float32Array(count);
  if (count < 2) return scores;
  const neighbours = Math.min(k, count - 1);
  const all = tf.tensor2d(points, [count, dim]);
  const allT = tf.transpose(all);
  const norms = tf.sum(tf.square(all), 1);
  try {
    for (let start = 0; start < count; start += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, count - start);
      const block = tf.tidy(() => {
        const x = tf.slice(all, [start, 0], [rows, dim]);
        const squared = tf.sub(tf.add(tf.reshape(tf.slice(norms, start, rows), [rows, 1]), norms), tf.mul(2, tf.matMul(x, allT)));
        // The k+1 smallest distances include the point itself (distance 0).
        const nearest = tf.topk(tf.neg(squared), neighbours + 1).values;
        const distances = tf.sqrt(tf.relu(tf.neg(nearest)));
        return tf.div(tf.sub(tf.sum(distances, 1), tf.min(distances, 1)), neighbours);
      });
      scores.set(await readFloats(block).finally(() => block.dispose()), start);
    }
  } finally {
    tf.dispose([all, allT, norms]);
  }
  return scores;
}

/** Each row scaled to unit length (zero rows stay zero), so distances compare directions, not magnitudes. */
export function unitRows(rows: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(rows.length);
  for (let start = 0; start < rows.length; start += dim) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += rows[start + j] * rows[start + j];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) out[start + j] = rows[start + j] * scale;
  }
  return out;
}

/**
 * Per digit: the mean distance from each sample's code to its `k` nearest codes of the same
 * digit. Samples in sparse regions (a colour few of their class wear) score high. With
 * `normalize`, codes are compared by direction only (how much ink a digit has stops mattering).
 */
export async function knnDistanceScores(codes: Float32Array, codeDim: number, labels: Uint8Array, k: number, normalize = false): Promise<Scores> {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer (got ${k})`);
  if (codes.length !== labels.length * codeDim) {
    throw new Error(`codes must hold ${labels.length} rows of ${codeDim} values (got ${codes.length} values)`);
  }
  const rows = normalize ? unitRows(codes, codeDim) : codes;
  const scores = new Float32Array(labels.length);
  for (const indices of indicesByDigit(labels)) {
    const classScores = await meanKnnDistance(gatherRows(rows, codeDim, indices), indices.length, codeDim, k);
    indices.forEach((sample, i) => (scores[sample] = classScores[i]));
  }
  return scores;
}
