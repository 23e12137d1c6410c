import * as tf from '@tensorflow/tfjs';
import { batchRanges, mapInChunks, sumInChunks } from '../batches.ts';
import { readFloats, readScalar } from '../read-back.ts';
import { rowsTensor, type RowMatrix } from '../row-matrix.ts';
import type { Autoencoder } from './network.ts';

const CHUNK = 1000;

/** Squared reconstruction error summed over pixels, averaged over the rows of `data` (`resident`: `data` on the device). */
export async function reconstructionErrorPerImage(net: Autoencoder, data: RowMatrix, resident?: tf.Tensor2D): Promise<number> {
  const total = await sumInChunks(data, CHUNK, (rows) => tf.sum(tf.square(tf.sub(net.reconstruct(rows), rows))) as tf.Scalar, resident);
  return total / data.rows;
}

/** Codes of every row of `data`, as a flat array (rows x code size). */
export async function encodeAll(net: Autoencoder, data: RowMatrix): Promise<Float32Array> {
  return (await mapInChunks(data, CHUNK, (rows) => net.encode(rows))).values;
}

export async function reconstructAll(net: Autoencoder, data: RowMatrix): Promise<Float32Array> {
  return (await mapInChunks(data, CHUNK, (rows) => net.reconstruct(rows))).values;
}

/**
 * Codes of every row of `data` and the squared reconstruction error per image, from one pass:
 * the decoder works from the codes the encoder made, so the encoder runs once for both.
 */
export async function codesAndErrorPerImage(net: Autoencoder, data: RowMatrix): Promise<{ codes: Float32Array; errorPerImage: number }> {
  const codeSize = net.sizes[net.sizes.length - 1];
  const codes = new Float32Array(data.rows * codeSize);
  let total = 0;
  for (const [start, end] of batchRanges(data.rows, CHUNK)) {
    const rows = rowsTensor(data, start, end);
    const [chunkCodes, error] = tf.tidy(() => {
      const encoded = net.encode(rows);
      return [encoded, tf.sum(tf.square(tf.sub(tf.sigmoid(net.decodeLogits(encoded)), rows)))];
    });
    try {
      const [chunkValues, chunkError] = await Promise.all([readFloats(chunkCodes), readScalar(error)]);
      codes.set(chunkValues, start * codeSize);
      total += chunkError;
    } finally {
      [rows, chunkCodes, error].forEach((t) => t.dispose());
    }
  }
  return { codes, errorPerImage: total / data.rows };
}
