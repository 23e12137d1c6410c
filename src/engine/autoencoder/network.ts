import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random.ts';
import { readFloats } from '../read-back.ts';
import type { Rbm } from '../rbm/rbm.ts';

export type RandomInitScheme = 'glorot-uniform' | 'rbm-normal';

/** One dense layer `x W + b`; weights are `in x out`. */
export interface DenseLayer {
  weights: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/**
 * The unrolled deep autoencoder: encoder layers 784→…→code, then the mirror-image decoder.
 * Logistic units everywhere except the linear code layer; the last layer outputs logits.
 */
export class Autoencoder {
  readonly sizes: number[];
  layers: DenseLayer[];
  /** How the weights were initialised, for the record. */
  readonly init: string;

  constructor(sizes: number[], layers: DenseLayer[], init: string) {
    this.sizes = sizes;
    this.layers = layers;
    this.init = init;
    if (layers.length !== 2 * (sizes.length - 1)) {
      throw new Error(`an autoencoder over ${sizes.length} layer sizes needs ${2 * (sizes.length - 1)} dense layers, got ${layers.length}`);
    }
  }

  /** Index of the dense layer whose output is the code. */
  get codeLayer(): number {
    return this.sizes.length - 2;
  }

  /** Whether dense layer `i` is followed by a logistic nonlinearity (the code layer and the output logits are not). */
  isLogistic(i: number): boolean {
    return i !== this.codeLayer && i !== this.layers.length - 1;
  }

  /**
   * Unrolls a stack of RBMs: encoder layer i gets W_i and the hidden bias, decoder layer
   * L-1-i gets W_iᵀ and the visible bias.
   */
  static unroll(rbms: Rbm[]): Autoencoder {
    const sizes = [rbms[0].visible, ...rbms.map((r) => r.hidden)];
    const encoder = rbms.map((r) => ({ weights: tf.keep(r.weights.clone()), bias: tf.keep(r.hiddenBias.clone()) }));
    const decoder = [...rbms].reverse().map((r) => ({ weights: tf.keep(tf.transpose(r.weights)), bias: tf.keep(r.visibleBias.clone()) }));
    return new Autoencoder(sizes, [...encoder, ...decoder], 'rbm');
  }

  static random(sizes: number[], scheme: RandomInitScheme, initStd: number, rng: SeededRandom): Autoencoder {
    const shapes: [number, number][] = [];
    for (let i = 0; i < sizes.length - 1; i++) shapes.push([sizes[i], sizes[i + 1]]);
    for (let i = sizes.length - 1; i > 0; i--) shapes.push([sizes[i], sizes[i - 1]]);
    const layers = shapes.map(([fanIn, fanOut]) => {
      const values = new Float32Array(fanIn * fanOut);
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let j = 0; j < values.length; j++) {
        values[j] = scheme === 'glorot-uniform' ? (rng.next() * 2 - 1) * limit : rng.normal() * initStd;
      }
      return { weights: tf.keep(tf.tensor2d(values, [fanIn, fanOut])), bias: tf.keep(tf.zeros([fanOut]) as tf.Tensor1D) };
    });
    const init = scheme === 'glorot-uniform' ? 'glorot-uniform (U(±√(6/(fan_in+fan_out))), biases 0)' : `rbm-normal (N(0, ${initStd}²), biases 0)`;
    return new Autoencoder(sizes, layers, init);
  }

  static fromArrays(sizes: number[], arrays: Float32Array[], init: string): Autoencoder {
    const layers: DenseLayer[] = [];
    for (let i = 0; i < arrays.length; i += 2) {
      const bias = arrays[i + 1];
      const fanIn = arrays[i].length / bias.length;
      layers.push({ weights: tf.keep(tf.tensor2d(arrays[i], [fanIn, bias.length])), bias: tf.keep(tf.tensor1d(bias)) });
    }
    return new Autoencoder(sizes, layers, init);
  }

  /** Weights and biases in layer order: w0, b0, w1, b1, … */
  toArrays(): Promise<Float32Array[]> {
    return Promise.all(this.layers.flatMap((l) => [readFloats(l.weights), readFloats(l.bias)]));
  }

  /** Dense layers [from, to) applied to a batch, each followed by its nonlinearity. */
  private applyLayers(input: tf.Tensor2D, from: number, to: number): tf.Tensor2D {
    return tf.tidy(() => {
      let x = input;
      for (let i = from; i < to; i++) {
        const z = tf.add(tf.matMul(x, this.layers[i].weights), this.layers[i].bias) as tf.Tensor2D;
        x = this.isLogistic(i) ? tf.sigmoid(z) : z;
      }
      return x;
    });
  }

  /** Codes of a batch (linear code layer). */
  encode(input: tf.Tensor2D): tf.Tensor2D {
    return this.applyLayers(input, 0, this.codeLayer + 1);
  }

  /** Output logits of a batch of codes (the decoder half). */
  decodeLogits(codes: tf.Tensor2D): tf.Tensor2D {
    return this.applyLayers(codes, this.codeLayer + 1, this.layers.length);
  }

  /** Output logits of a batch. */
  logits(input: tf.Tensor2D): tf.Tensor2D {
    return this.applyLayers(input, 0, this.layers.length);
  }

  /** Reconstructions in [0,1]. */
  reconstruct(input: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(input)));
  }

  dispose(): void {
    for (const l of this.layers) {
      l.weights.dispose();
      l.bias.dispose();
    }
  }
}
