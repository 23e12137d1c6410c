import * as tf from '@tensorflow/tfjs';
import { mapInChunks, sumInChunks } from '../batches.ts';
import type { RowMatrix } from '../row-matrix.ts';
import type { Autoencoder } from './network.ts';

const CHUNK = 1000;

/** Squared reconstruction error summed over pixels, averaged over the rows of `data`. */
export function reconstructionErrorPerImage(net: Autoencoder, data: RowMatrix): number {
  const total = sumInChunks(data, CHUNK, (rows) => tf.sum(tf.square(tf.sub(net.reconstruct(rows), rows))) as tf.Scalar);
  return total / data.rows;
}

/** Codes of every row of `data`, as a flat array (rows x code size). */
export function encodeAll(net: Autoencoder, data: RowMatrix): Float32Array {
  return mapInChunks(data, CHUNK, (rows) => net.encode(rows)).values;
}

export function reconstructAll(net: Autoencoder, data: RowMatrix): Float32Array {
  return mapInChunks(data, CHUNK, (rows) => net.reconstruct(rows)).values;
}
