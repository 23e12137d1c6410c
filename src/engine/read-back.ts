import * as tf from '@tensorflow/tfjs';
import { raceGpuFailure, throwIfGpuFailed } from './webgpu/gpu-failure.ts';

/*
 * Every value the engine needs back in JavaScript comes through here, asynchronously: on a GPU
 * a synchronous read stalls the queue (and tfjs-backend-webgpu cannot do one in Node at all).
 * On webgpu a read from a device that failed rejects with the failure (naming the adapter)
 * instead of waiting forever, and a read made while the device reported an error (out of
 * memory) is not trusted.
 */

async function read<T>(values: () => Promise<T>): Promise<T> {
  if (tf.getBackend() !== 'webgpu') return values();
  throwIfGpuFailed();
  const result = await raceGpuFailure(values());
  throwIfGpuFailed();
  return result;
}

/** The tensor's values in its own dtype's array (Int32Array for int32 tensors). */
export function readValues(tensor: tf.Tensor): Promise<tf.TypedArray> {
  return read(() => tensor.data() as Promise<tf.TypedArray>);
}

/** The tensor's float32 values. On the plain-JS backend this may be the tensor's own array: copy before keeping it past the tensor's next update. */
export function readFloats(tensor: tf.Tensor): Promise<Float32Array> {
  return read(() => tensor.data<'float32'>() as Promise<Float32Array>);
}

/** The value of a scalar tensor. */
export async function readScalar(tensor: tf.Tensor): Promise<number> {
  return (await readFloats(tensor))[0];
}

/** The values of several scalar tensors, read together. */
export function readScalars(tensors: tf.Tensor[]): Promise<number[]> {
  return Promise.all(tensors.map(readScalar));
}
