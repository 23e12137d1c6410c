import * as tf from '@tensorflow/tfjs';
import { nativeProductsActive } from './native-blas/products.ts';
import { heapKernelsActive, registerHeapKernel } from './wasm-kernels/register.ts';

const TRANSPOSE = 'WorkbenchTranspose';
const COLUMN_SUMS = 'WorkbenchColumnSums';

registerHeapKernel(TRANSPOSE, ['x'], ([[rows, cols]]) => [cols, rows], (kernels, [x], out, [[rows, cols]]) =>
  kernels.transpose(x, out, rows, cols),
);

registerHeapKernel(COLUMN_SUMS, ['x'], ([[, cols]]) => [cols], (kernels, [x], out, [[rows, cols]]) =>
  kernels.columnSums(x, out, rows, cols),
);

/**
 * The sum of every column of a float32 matrix (a bias gradient over a batch). On wasm one SIMD
 * pass over the rows; tf.sum over axis 0 transposes first and costs 5-10x more.
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  if (x.dtype === 'float32' && heapKernelsActive()) return tf.engine().runKernel(COLUMN_SUMS, { x }) as tf.Tensor1D;
  return tf.sum(x, 0);
}

/** `xᵀ` of a float32 matrix: on wasm by the workbench's tiled SIMD kernel (2-3x tf.transpose's speed). */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  if (x.dtype === 'float32' && heapKernelsActive()) return tf.engine().runKernel(TRANSPOSE, { x }) as tf.Tensor2D;
  return tf.transpose(x);
}

/**
 * `rows · weights` for a batch of rows (B x in) and a weight matrix (in x out). On wasm the
 * backend packs the right-hand operand of every product into an operator it caches by tensor;
 * weights change every step, so that packing is paid on each call. When the weights are much
 * larger than the batch, `(weightsᵀ · rowsᵀ)ᵀ` packs the small batch matrix instead: measured on
 * wasm, 784x1000 at B = 100 takes 8.9 ms instead of 10.3; at B = 1000, or with a small layer
 * (250x30, 30x250), the three transposes cost more than they save (10–30% slower).
 */
export function multiplyByWeights(rows: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor2D {
  if (nativeProductsActive()) return tf.matMul(rows, weights);
  const [inputs, outputs] = weights.shape;
  const packingDominates = outputs >= 2.5 * rows.shape[0] && inputs >= 250;
  if (!packingDominates || !heapKernelsActive()) return tf.matMul(rows, weights);
  return tf.tidy(() => transpose2d(tf.matMul(transpose2d(weights), transpose2d(rows))));
}

/**
 * `rows · weightsᵀ` for a batch of rows (B x out) and a weight matrix (in x out), computed as
 * `(weights · rowsᵀ)ᵀ`: only the small batch matrices are transposed. On the wasm backend this
 * is about 30% faster than transposing the weights, and transposed-matMul flags are ~15x slower.
 * On the native BLAS the transpose is a flag: no copy at all.
 */
export function multiplyByTranspose(rows: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor2D {
  if (nativeProductsActive()) return tf.matMul(rows, weights, false, true);
  return tf.tidy(() => transpose2d(tf.matMul(weights, transpose2d(rows))));
}

/**
 * `aᵀ · b` (a weight gradient: activationsᵀ · deltas). On the native BLAS the transpose is a flag;
 * elsewhere `a` is transposed first (the wasm backend's transposed-matMul flags are far slower).
 */
export function transposeTimes(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (nativeProductsActive()) return tf.matMul(a, b, true, false);
  return tf.tidy(() => tf.matMul(transpose2d(a), b));
}
