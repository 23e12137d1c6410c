import * as tf from '@tensorflow/tfjs';
import { mapInChunks, sumInChunks } from '../batches.ts';
import type { Autoencoder } from './network.ts';

const CHUNK = 1000;

/** Squared reconstruction error summed over pixels, averaged over the rows of `data`. */
export function reconstructionErrorPerImage(net: Autoencoder, data: tf.Tensor2D): number {
  const total = sumInChunks(data, CHUNK, (rows) => tf.sum(tf.square(tf.sub(net.reconstruct(rows), rows))) as tf.Scalar);
  return total / data.shape[0];
}

/** Codes of every row of `data`, as a flat array (rows x code size). */
export function encodeAll(net: Autoencoder, data: tf.Tensor2D): Float32Array {
  const codes = mapInChunks(data, CHUNK, (rows) => net.encode(rows));
  const values = codes.dataSync() as Float32Array;
  codes.dispose();
  return values;
}

export function reconstructAll(net: Autoencoder, data: tf.Tensor2D): Float32Array {
  const out = mapInChunks(data, CHUNK, (rows) => net.reconstruct(rows));
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}
