import * as tf from '@tensorflow/tfjs';
import type { Rbm } from './rbm.ts';

/** Deterministic pass up through the stack: probabilities (means for the linear top). */
export function stackUp(rbms: Rbm[], data: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => rbms.reduce((x, rbm) => rbm.hiddenProbabilities(x), data));
}

/** Deterministic pass down through the stack to visible probabilities. */
export function stackDown(rbms: Rbm[], code: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => [...rbms].reverse().reduce((h, rbm) => rbm.visibleProbabilities(h), code));
}

/** The coursework's whole-stack measure: up through every layer, back down; squared error per image. */
export function stackReconstructionError(rbms: Rbm[], data: tf.Tensor2D): number {
  const sse = tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(data, stackDown(rbms, stackUp(rbms, data))))), data.shape[0]));
  const value = sse.dataSync()[0];
  sse.dispose();
  return value;
}
