import * as tf from '@tensorflow/tfjs';
import { readScalar } from '../read-back.ts';
import type { Rbm } from './rbm.ts';

/** Deterministic pass up through the stack: probabilities (means for the linear top). */
export function stackUp(rbms: Rbm[], data: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => rbms.reduce((x, rbm) => rbm.hiddenProbabilities(x), data));
}

/** Deterministic pass down through the stack to visible probabilities. */
export function stackDown(rbms: Rbm[], code: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => [...rbms].reverse().reduce((h, rbm) => rbm.visibleProbabilities(h), code));
}

/**
 * The coursework's whole-stack measure: up through every layer, back down; squared error per image.
 * `belowTop` is `data` already passed up through all but the top RBM, where the caller has it
 * (the layers below stay fixed while the top one trains).
 */
export async function stackReconstructionError(rbms: Rbm[], data: tf.Tensor2D, belowTop?: tf.Tensor2D): Promise<number> {
  const sse = tf.tidy(() => {
    const code = belowTop ? rbms[rbms.length - 1].hiddenProbabilities(belowTop) : stackUp(rbms, data);
    return tf.div(tf.sum(tf.square(tf.sub(data, stackDown(rbms, code)))), data.shape[0]);
  });
  try {
    return await readScalar(sse);
  } finally {
    sse.dispose();
  }
}
