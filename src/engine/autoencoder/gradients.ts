import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../shared/config.ts';
import { columnSums, multiplyByTranspose, transposeTimes } from '../linear-algebra.ts';
import { backThroughLogistic, denseLayer, logisticOutputTerms, throughLogistic } from './logistic-units.ts';
import type { Autoencoder } from './network.ts';

export interface LossAndGradients {
  /** The objective being minimised, summed over the batch (caller divides by the image count). */
  lossSum: tf.Scalar;
  /** Squared reconstruction error summed over the batch. */
  squaredErrorSum: tf.Scalar;
  /** Gradients in layer order: w0, b0, w1, b1, … (of the batch-mean objective plus L2). */
  gradients: tf.Tensor[];
}

/**
 * Forward and backward pass written out by hand so every product uses explicit transposes
 * (the wasm backend's transposed matMul flags are an order of magnitude slower).
 * Cross-entropy is summed over pixels and averaged over images; MSE is the mean over every
 * pixel of every image (the coursework's nn.MSELoss). `weightDecay` adds L2 to weight gradients.
 */
export function lossAndGradients(net: Autoencoder, input: tf.Tensor2D, loss: LossName, weightDecay: number): LossAndGradients {
  return tf.tidy(() => {
    const batch = input.shape[0];
    const activations: tf.Tensor2D[] = [input];
    let logits: tf.Tensor2D | undefined;
    for (let i = 0; i < net.layers.length; i++) {
      const output = denseLayer(activations[i], net.layers[i].weights, net.layers[i].bias, net.isLogistic(i));
      if (i === net.layers.length - 1) logits = output;
      else activations.push(output);
    }
    // Cross-entropy's gradient at the logits is (σ(z) - x) / B; MSE's goes through σ'.
    const terms = logisticOutputTerms(logits!, input, loss === 'cross-entropy' ? 1 / batch : 1);
    const squaredErrorSum = terms.squaredErrorSum;
    let delta = terms.scaledResidual;
    let lossSum = terms.crossEntropySum;
    if (loss === 'mse') {
      const pixels = input.shape[1];
      lossSum = tf.div(squaredErrorSum, pixels) as tf.Scalar;
      const output = tf.add(input, delta) as tf.Tensor2D;
      delta = tf.mul(throughLogistic(delta, output), 2 / (batch * pixels));
    }
    const gradients: tf.Tensor[] = new Array(net.layers.length * 2);
    for (let i = net.layers.length - 1; i >= 0; i--) {
      const layer = net.layers[i];
      let weightGradient: tf.Tensor = transposeTimes(activations[i], delta);
      if (weightDecay > 0) weightGradient = tf.add(weightGradient, tf.mul(layer.weights, weightDecay));
      gradients[2 * i] = weightGradient;
      gradients[2 * i + 1] = columnSums(delta);
      if (i > 0) delta = net.isLogistic(i - 1) ? backThroughLogistic(delta, layer.weights, activations[i]) : multiplyByTranspose(delta, layer.weights);
    }
    return { lossSum, squaredErrorSum, gradients };
  });
}
