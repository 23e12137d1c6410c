import * as tf from '@tensorflow/tfjs';

/** Row ranges [start, end) of consecutive batches over `count` rows; the last may be smaller. */
export function batchRanges(count: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += batchSize) ranges.push([start, Math.min(count, start + batchSize)]);
  return ranges;
}

/** The rows of `data` at `order[start..end)`, gathered on the backend. */
export function gatherBatch(data: tf.Tensor2D, order: Int32Array, start: number, end: number): tf.Tensor2D {
  return tf.tidy(() => tf.gather(data, tf.tensor1d(order.subarray(start, end), 'int32')) as tf.Tensor2D);
}

/** Applies `fn` to `data` in row chunks and concatenates the results (bounded memory). */
export function mapInChunks(data: tf.Tensor2D, chunk: number, fn: (rows: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  const count = data.shape[0];
  if (count <= chunk) return tf.tidy(() => fn(data));
  const parts: tf.Tensor2D[] = [];
  for (const [start, end] of batchRanges(count, chunk)) {
    parts.push(tf.tidy(() => fn(tf.slice(data, [start, 0], [end - start, -1]) as tf.Tensor2D)));
  }
  const joined = tf.concat(parts, 0) as tf.Tensor2D;
  parts.forEach((p) => p.dispose());
  return joined;
}

/** Sums a per-chunk scalar over `data` in row chunks; returns a JS number. */
export function sumInChunks(data: tf.Tensor2D, chunk: number, fn: (rows: tf.Tensor2D) => tf.Scalar): number {
  let total = 0;
  for (const [start, end] of batchRanges(data.shape[0], chunk)) {
    const part = tf.tidy(() => fn(tf.slice(data, [start, 0], [end - start, -1]) as tf.Tensor2D));
    total += part.dataSync()[0];
    part.dispose();
  }
  return total;
}
