import * as tf from '@tensorflow/tfjs';
import { momentumStep } from '../fused-updates.ts';
import { columnSums, transposeTimes } from '../linear-algebra.ts';
import type { SeededRandom } from '../random.ts';
import { sampleBernoulli } from './bernoulli.ts';
import type { HiddenUnits, Rbm } from './rbm.ts';

export interface CdSettings {
  learningRate: number;
  momentum: number;
  weightDecay: number;
  /** Gibbs steps per update (CD-k). */
  k: number;
}

/** Where the sampling noise comes from: uniform [0,1) for binary hidden units, N(0,1) for linear ones. */
export interface NoiseSource {
  hiddenNoise(shape: [number, number], units: HiddenUnits): tf.Tensor2D;
  /** Binary states straight from their probabilities, where the source has a faster way than noise and a comparison. */
  sampleBinary?(probabilities: tf.Tensor2D): tf.Tensor2D;
}

export function seededNoise(rng: SeededRandom): NoiseSource {
  return {
    sampleBinary: (probabilities) => sampleBernoulli(probabilities, rng.seed()),
    hiddenNoise(shape, units) {
      return units === 'binary'
        ? tf.randomUniform(shape, 0, 1, 'float32', rng.seed())
        : tf.randomNormal(shape, 0, 1, 'float32', rng.seed());
    },
  };
}

function sampleHidden(probabilities: tf.Tensor2D, units: HiddenUnits, noise: NoiseSource): tf.Tensor2D {
  if (units === 'binary' && noise.sampleBinary) return noise.sampleBinary(probabilities);
  const draw = noise.hiddenNoise(probabilities.shape as [number, number], units);
  return (units === 'binary' ? tf.cast(tf.greater(probabilities, draw), 'float32') : tf.add(probabilities, draw)) as tf.Tensor2D;
}

/**
 * One CD-k update on a batch, as in the paper's rbm.m / rbmhidlinear.m: hidden states are sampled
 * only to drive the reconstruction; statistics use probabilities; weight decay on weights only;
 * momentum on the increments. Returns the batch's summed squared reconstruction error (first
 * reconstruction) as a scalar tensor the caller owns.
 */
export function contrastiveDivergenceStep(rbm: Rbm, data: tf.Tensor2D, settings: CdSettings, noise: NoiseSource): tf.Scalar {
  const batch = data.shape[0];
  const result = tf.tidy(() => {
    const positiveHidden = rbm.hiddenProbabilities(data);
    let hiddenStates = sampleHidden(positiveHidden, rbm.hiddenUnits, noise);
    let negativeVisible = rbm.visibleProbabilities(hiddenStates);
    const firstReconstruction = negativeVisible;
    let negativeHidden = rbm.hiddenProbabilities(negativeVisible);
    for (let step = 1; step < settings.k; step++) {
      hiddenStates = sampleHidden(negativeHidden, rbm.hiddenUnits, noise);
      negativeVisible = rbm.visibleProbabilities(hiddenStates);
      negativeHidden = rbm.hiddenProbabilities(negativeVisible);
    }
    const lr = settings.learningRate;
    // (lr/B)(v0ᵀ h0 - vkᵀ hk) as one product of stacked batches: [v0; vk]ᵀ [h0; -hk] · lr/B,
    // scaling the small matrix, so the large weight matrix sees as few passes as possible.
    const stackedVisible = tf.concat([data, negativeVisible], 0);
    const stackedHidden = tf.mul(tf.concat([positiveHidden, tf.neg(negativeHidden)], 0), lr / batch) as tf.Tensor2D;
    const learningTerm = transposeTimes(stackedVisible, stackedHidden);
    const weights = momentumStep(rbm.weights, rbm.weightsIncrement, learningTerm, { momentum: settings.momentum, decay: lr * settings.weightDecay });
    const visibleTerm = tf.mul(tf.sub(columnSums(data), columnSums(negativeVisible)), lr / batch);
    const visible = momentumStep(rbm.visibleBias, rbm.visibleBiasIncrement, visibleTerm, { momentum: settings.momentum, decay: 0 });
    // (lr/B)(Σ h0 - Σ hk): the column sums of the stacked, scaled hidden batch.
    const hiddenTerm = columnSums(stackedHidden);
    const hidden = momentumStep(rbm.hiddenBias, rbm.hiddenBiasIncrement, hiddenTerm, { momentum: settings.momentum, decay: 0 });
    const squaredError = tf.sum(tf.square(tf.sub(data, firstReconstruction))) as tf.Scalar;
    return {
      weights: weights.param as tf.Tensor2D,
      visibleBias: visible.param as tf.Tensor1D,
      hiddenBias: hidden.param as tf.Tensor1D,
      weightsIncrement: weights.increment as tf.Tensor2D,
      visibleBiasIncrement: visible.increment as tf.Tensor1D,
      hiddenBiasIncrement: hidden.increment as tf.Tensor1D,
      squaredError,
    };
  });
  const { squaredError, ...update } = result;
  rbm.replace(update);
  return squaredError;
}
