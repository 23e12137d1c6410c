import * as tf from '@tensorflow/tfjs';

/**
 * A row-major matrix kept in JavaScript memory rather than on the backend. Training data lives
 * here (in a SharedArrayBuffer when threads share it) and only batches and chunks are uploaded,
 * so the wasm heap, which never shrinks, stays the size of a batch instead of the dataset.
 */
export interface RowMatrix {
  values: Float32Array;
  rows: number;
  cols: number;
}

export function rowMatrix(values: Float32Array, rows: number, cols: number): RowMatrix {
  if (values.length !== rows * cols) throw new RangeError(`a ${rows} x ${cols} matrix needs ${rows * cols} values (got ${values.length})`);
  return { values, rows, cols };
}

/** Rows [start, end) as a tensor. */
export function rowsTensor(matrix: RowMatrix, start: number, end: number): tf.Tensor2D {
  return tf.tensor2d(matrix.values.slice(start * matrix.cols, end * matrix.cols), [end - start, matrix.cols]);
}

/** The rows at `order[start..end)`, in that order, as a tensor. */
export function gatherRows(matrix: RowMatrix, order: ArrayLike<number>, start: number, end: number): tf.Tensor2D {
  const { cols, values } = matrix;
  const out = new Float32Array((end - start) * cols);
  for (let i = start; i < end; i++) {
    const row = order[i];
    out.set(values.subarray(row * cols, (row + 1) * cols), (i - start) * cols);
  }
  return tf.tensor2d(out, [end - start, cols]);
}
