import * as tf from '@tensorflow/tfjs';
import { readFloats, readScalar } from './read-back.ts';
import { gatherRows, rowMatrix, rowsTensor, type RowMatrix } from './row-matrix.ts';

/** Row ranges [start, end) of consecutive batches over `count` rows; the last may be smaller. */
export function batchRanges(count: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += batchSize) ranges.push([start, Math.min(count, start + batchSize)]);
  return ranges;
}

/** The rows of `data` at `order[start..end)`, uploaded as one batch. */
export function gatherBatch(data: RowMatrix, order: Int32Array, start: number, end: number): tf.Tensor2D {
  return gatherRows(data, order, start, end);
}

/**
 * Applies `fn` to `data` in row chunks and writes each result into one JavaScript matrix, so the
 * backend never holds more than a chunk's input and output.
 */
export async function mapInChunks(data: RowMatrix, chunk: number, fn: (rows: tf.Tensor2D) => tf.Tensor2D): Promise<RowMatrix> {
  let out: Float32Array | undefined;
  let cols = 0;
  for (const [start, end] of batchRanges(data.rows, chunk)) {
    const rows = rowsTensor(data, start, end);
    const result = tf.tidy(() => fn(rows));
    let values: Float32Array;
    try {
      values = await readFloats(result);
    } finally {
      if (result !== rows) result.dispose();
      rows.dispose();
    }
    if (!out) {
      cols = result.shape[1];
      out = new Float32Array(data.rows * cols);
    }
    out.set(values, start * cols);
  }
  return rowMatrix(out ?? new Float32Array(0), data.rows, cols);
}

/**
 * Sums a per-chunk scalar over `data` in row chunks; returns a JS number. With `resident` (`data`
 * already on the device) the chunks are sliced there instead of uploaded.
 */
export async function sumInChunks(data: RowMatrix, chunk: number, fn: (rows: tf.Tensor2D) => tf.Scalar, resident?: tf.Tensor2D): Promise<number> {
  let total = 0;
  for (const [start, end] of batchRanges(data.rows, chunk)) {
    const rows = resident ? tf.slice(resident, [start, 0], [end - start, data.cols]) : rowsTensor(data, start, end);
    const part = tf.tidy(() => fn(rows));
    rows.dispose();
    try {
      total += await readScalar(part);
    } finally {
      part.dispose();
    }
  }
  return total;
}
