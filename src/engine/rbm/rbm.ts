import * as tf from '@tensorflow/tfjs';
import { denseLayer } from '../autoencoder/logistic-units.ts';
import { multiplyByTranspose } from '../linear-algebra.ts';
import { nativeProductsActive } from '../native-blas/products.ts';
import { readFloats } from '../read-back.ts';
import type { SeededRandom } from '../random.ts';

/** Binary hidden units (logistic), or linear hidden units with unit-variance Gaussian noise (the top layer). */
export type HiddenUnits = 'binary' | 'gaussian';

export interface RbmState {
  visible: number;
  hidden: number;
  hiddenUnits: HiddenUnits;
  weights: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  weightsIncrement: Float32Array;
  visibleBiasIncrement: Float32Array;
  hiddenBiasIncrement: Float32Array;
}

function normalArray(size: number, std: number, rng: SeededRandom): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  return out;
}

/**
 * A restricted Boltzmann machine with binary visible units. Weights are `visible x hidden`;
 * the update increments (momentum state) live here too so a checkpoint captures everything.
 */
export class Rbm {
  readonly visible: number;
  readonly hidden: number;
  readonly hiddenUnits: HiddenUnits;
  weights: tf.Tensor2D;
  visibleBias: tf.Tensor1D;
  hiddenBias: tf.Tensor1D;
  weightsIncrement: tf.Tensor2D;
  visibleBiasIncrement: tf.Tensor1D;
  hiddenBiasIncrement: tf.Tensor1D;

  private constructor(state: RbmState) {
    this.visible = state.visible;
    this.hidden = state.hidden;
    this.hiddenUnits = state.hiddenUnits;
    this.weights = tf.keep(tf.tensor2d(state.weights, [state.visible, state.hidden]));
    this.visibleBias = tf.keep(tf.tensor1d(state.visibleBias));
    this.hiddenBias = tf.keep(tf.tensor1d(state.hiddenBias));
    this.weightsIncrement = tf.keep(tf.tensor2d(state.weightsIncrement, [state.visible, state.hidden]));
    this.visibleBiasIncrement = tf.keep(tf.tensor1d(state.visibleBiasIncrement));
    this.hiddenBiasIncrement = tf.keep(tf.tensor1d(state.hiddenBiasIncrement));
  }

  /** Weights drawn from N(0, initStd²), biases and increments zero (the paper's initialisation). */
  static create(visible: number, hidden: number, hiddenUnits: HiddenUnits, initStd: number, rng: SeededRandom): Rbm {
    return new Rbm({
      visible,
      hidden,
      hiddenUnits,
      weights: normalArray(visible * hidden, initStd, rng),
      visibleBias: new Float32Array(visible),
      hiddenBias: new Float32Array(hidden),
      weightsIncrement: new Float32Array(visible * hidden),
      visibleBiasIncrement: new Float32Array(visible),
      hiddenBiasIncrement: new Float32Array(hidden),
    });
  }

  static fromState(state: RbmState): Rbm {
    return new Rbm(state);
  }

  async toState(): Promise<RbmState> {
    const [weights, visibleBias, hiddenBias, weightsIncrement, visibleBiasIncrement, hiddenBiasIncrement] = await Promise.all(
      [this.weights, this.visibleBias, this.hiddenBias, this.weightsIncrement, this.visibleBiasIncrement, this.hiddenBiasIncrement].map(readFloats),
    );
    return { visible: this.visible, hidden: this.hidden, hiddenUnits: this.hiddenUnits, weights, visibleBias, hiddenBias, weightsIncrement, visibleBiasIncrement, hiddenBiasIncrement };
  }

  /** Total input to the hidden units, `v W + b_h`. */
  hiddenInput(visible: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(visible, this.weights), this.hiddenBias));
  }

  /** Hidden probabilities (binary units) or means (linear units). */
  hiddenProbabilities(visible: tf.Tensor2D): tf.Tensor2D {
    // On the native BLAS the bias and σ run inside the product's call, as in the autoencoder's layers.
    if (nativeProductsActive()) return denseLayer(visible, this.weights, this.hiddenBias, this.hiddenUnits === 'binary');
    return tf.tidy(() => {
      const input = this.hiddenInput(visible);
      return this.hiddenUnits === 'binary' ? tf.sigmoid(input) : input;
    });
  }

  /** Visible probabilities given hidden states, sigmoid(h Wᵀ + b_v). */
  visibleProbabilities(hidden: tf.Tensor2D): tf.Tensor2D {
    if (nativeProductsActive()) return tf.fused.matMul({ a: hidden, b: this.weights, transposeB: true, bias: this.visibleBias, activation: 'sigmoid' }) as tf.Tensor2D;
    return tf.tidy(() => tf.sigmoid(tf.add(multiplyByTranspose(hidden, this.weights), this.visibleBias)) as tf.Tensor2D);
  }

  /**
   * Mean free energy of the rows of `visible`:
   * binary hidden: F(v) = -v·b_v - Σ softplus(vW + b_h); linear Gaussian hidden: F(v) = -v·b_v - Σ ½(vW + b_h)².
   */
  meanFreeEnergy(visible: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const visibleTerm = tf.sum(tf.mul(visible, this.visibleBias), 1);
      const input = this.hiddenInput(visible);
      const hiddenTerm =
        this.hiddenUnits === 'binary' ? tf.sum(tf.softplus(input), 1) : tf.mul(tf.sum(tf.square(input), 1), 0.5);
      return tf.mean(tf.neg(tf.add(visibleTerm, hiddenTerm))) as tf.Scalar;
    });
  }

  replace(update: Partial<Pick<Rbm, 'weights' | 'visibleBias' | 'hiddenBias' | 'weightsIncrement' | 'visibleBiasIncrement' | 'hiddenBiasIncrement'>>): void {
    for (const [key, value] of Object.entries(update) as [keyof typeof update, tf.Tensor][]) {
      const old = this[key] as tf.Tensor;
      (this as Record<string, unknown>)[key] = tf.keep(value);
      old.dispose();
    }
  }

  dispose(): void {
    for (const t of [this.weights, this.visibleBias, this.hiddenBias, this.weightsIncrement, this.visibleBiasIncrement, this.hiddenBiasIncrement]) {
      t.dispose();
    }
  }
}
