import type * as tf from '@tensorflow/tfjs';
import { raceGpuFailure, throwIfGpuFailed } from './webgpu/gpu-failure.ts';

/*
 * Every value the engine needs back in JavaScript comes through here, asynchronously: on a GPU
 * a synchronous read stalls the queue (and tfjs-backend-webgpu cannot do one in Node at all).
 * A read from a device that failed rejects with the failure (naming the adapter) instead of
 * waiting forever.
 */

/** The tensor's values in its own dtype's array (Int32Array for int32 tensors). */
export async function readValues(tensor: tf.Tensor): Promise<tf.TypedArray> {
  throwIfGpuFailed();
  const values = (await raceGpuFailure(tensor.data())) as tf.TypedArray;
  throwIfGpuFailed();
  return values;
}

/** The tensor's float32 values. On the plain-JS backend this may be the tensor's own array: copy before keeping it past the tensor's next update. */
export async function readFloats(tensor: tf.Tensor): Promise<Float32Array> {
  throwIfGpuFailed();
  const values = (await raceGpuFailure(tensor.data<'float32'>())) as Float32Array;
  // An out-of-memory or validation error reported while the work ran makes its values suspect.
  throwIfGpuFailed();
  return values;
}

/** The value of a scalar tensor. */
export async function readScalar(tensor: tf.Tensor): Promise<number> {
  return (await readFloats(tensor))[0];
}

/** The values of several scalar tensors, read together. */
export function readScalars(tensors: tf.Tensor[]): Promise<number[]> {
  return Promise.all(tensors.map(readScalar));
}
