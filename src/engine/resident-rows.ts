import * as tf from '@tensorflow/tfjs';
import type { RowMatrix } from './row-matrix.ts';

/** Never more than this on the device for one training set, whatever the adapter allows. */
const RESIDENT_LIMIT_BYTES = 1 << 30;

interface GpuBackendLike {
  device?: { limits?: { maxStorageBufferBindingSize?: number; maxBufferSize?: number } };
}

/**
 * A copy of `data` on the GPU, where the active backend is one (webgpu) and the matrix fits one
 * storage binding of its device: batches are then gathered there, with no upload per batch.
 * Undefined elsewhere (wasm keeps training data in JavaScript: its heap never shrinks). The
 * caller disposes the copy.
 */
export function residentCopy(data: RowMatrix): tf.Tensor2D | undefined {
  if (tf.getBackend() !== 'webgpu' || data.rows === 0) return undefined;
  const limits = (tf.backend() as unknown as GpuBackendLike).device?.limits ?? {};
  const bytes = 4 * data.values.length;
  const allowed = Math.min(RESIDENT_LIMIT_BYTES, limits.maxStorageBufferBindingSize ?? 0, limits.maxBufferSize ?? 0);
  if (bytes > allowed) return undefined;
  return tf.tensor2d(data.values, [data.rows, data.cols]);
}

/** The epoch's row order on the device, for gathering batches from a resident copy. */
export function orderTensor(order: Int32Array): tf.Tensor1D {
  return tf.tensor1d(order, 'int32');
}

/** Rows `order[start..end)` of a resident copy, gathered on the device. */
export function gatherResident(resident: tf.Tensor2D, order: tf.Tensor1D, start: number, end: number): tf.Tensor2D {
  return tf.tidy(() => tf.gather(resident, tf.slice(order, [start], [end - start])));
}
