import * as tf from '@tensorflow/tfjs';
import { heapKernelsActive, registerHeapKernel } from '../wasm-kernels/register.ts';
import { registerWebGpuBernoulli } from '../webgpu/bernoulli-kernel.ts';

const BERNOULLI = 'WorkbenchBernoulli';

registerHeapKernel(BERNOULLI, ['probabilities'], ([shape]) => shape, (kernels, [p], out, [shape], { seed }) =>
  kernels.bernoulli(p, out, shape.reduce((a, c) => a * c, 1), seed),
);
registerWebGpuBernoulli(BERNOULLI);

/**
 * Binary states, 1 with the given probabilities, drawn from `seed`. On wasm one SIMD pass and on
 * webgpu one WGSL kernel hash each unit's index with the seed into its uniform draw (the same
 * draws on both); elsewhere tf's seeded uniform noise.
 */
export function sampleBernoulli(probabilities: tf.Tensor2D, seed: number): tf.Tensor2D {
  if (heapKernelsActive() || tf.getBackend() === 'webgpu') {
    return tf.engine().runKernel(BERNOULLI, { probabilities }, { seed }) as tf.Tensor2D;
  }
  return tf.tidy(() => tf.cast(tf.greater(probabilities, tf.randomUniform(probabilities.shape, 0, 1, 'float32', seed)), 'float32') as tf.Tensor2D);
}
