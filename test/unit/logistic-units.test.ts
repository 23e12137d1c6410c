import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { crossEntropyFromLogitsSum, logisticOutputTerms, throughLogistic } from '../../src/engine/autoencoder/logistic-units.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { SeededRandom } from '../../src/engine/random.ts';

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

describe('the logistic units kernels on wasm', () => {
  it('gives the residual, cross-entropy and squared error of the tf-op formulation', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(5);
    // Logits across the range training meets, the tails included; targets as pixels are.
    const logits = Array.from({ length: 100 * 784 }, () => rng.normal() * 8);
    logits.splice(0, 8, 0, -0, 30, -30, 90, -90, 500, -500);
    const z = tf.tensor2d(logits, [100, 784]);
    const x = tf.tensor2d(Array.from({ length: 100 * 784 }, () => (rng.next() < 0.5 ? 0 : rng.next())), [100, 784]);
    const profile = await tf.profile(() => {
      const t = logisticOutputTerms(z, x, 0.01);
      [t.scaledResidual, t.crossEntropySum, t.squaredErrorSum].forEach((tensor) => tensor.dispose());
    });
    expect(profile.kernelNames).toEqual(['WorkbenchLogisticOutput']);
    const terms = logisticOutputTerms(z, x, 0.01);
    const residual = tf.sub(tf.sigmoid(z), x);
    expect(maxDifference(terms.scaledResidual, tf.mul(residual, 0.01))).toBeLessThan(1e-8);
    // Reference sums in double precision.
    const zs = z.dataSync();
    const xs = x.dataSync();
    let crossEntropy = 0;
    let squared = 0;
    for (let i = 0; i < zs.length; i++) {
      crossEntropy += Math.max(zs[i], 0) - zs[i] * xs[i] + Math.log1p(Math.exp(-Math.abs(zs[i])));
      const r = 1 / (1 + Math.exp(-zs[i])) - xs[i];
      squared += r * r;
    }
    expect(Math.abs(terms.crossEntropySum.dataSync()[0] / crossEntropy - 1)).toBeLessThan(1e-6);
    expect(Math.abs(terms.squaredErrorSum.dataSync()[0] / squared - 1)).toBeLessThan(1e-6);
    // The float32 tf-op sum agrees to its own rounding.
    expect(Math.abs(crossEntropyFromLogitsSum(z, x).dataSync()[0] / crossEntropy - 1)).toBeLessThan(1e-4);
  });

  it('is exact at the extremes and falls back to tf ops when the size is not a multiple of 4', async () => {
    await initBackend('wasm');
    const extremes = logisticOutputTerms(tf.tensor2d([[1000, -1000, 0, 0]]), tf.tensor2d([[1, 0, 1, 0]]), 1);
    expect(extremes.crossEntropySum.dataSync()[0]).toBeCloseTo(2 * Math.log(2), 6);
    expect(Array.from(extremes.scaledResidual.dataSync())).toEqual([0, 0, -0.5, 0.5]);
    const z = tf.tensor2d([[2, -1, 0.5]]);
    const x = tf.tensor2d([[1, 0, 0.25]]);
    const profile = await tf.profile(() => {
      const t = logisticOutputTerms(z, x, 1);
      [t.scaledResidual, t.crossEntropySum, t.squaredErrorSum].forEach((tensor) => tensor.dispose());
    });
    expect(profile.kernelNames).not.toContain('WorkbenchLogisticOutput');
    const odd = logisticOutputTerms(z, x, 1);
    const expected = [2, -1, 0.5].map((v, i) => Math.max(v, 0) - v * [1, 0, 0.25][i] + Math.log1p(Math.exp(-Math.abs(v))));
    expect(odd.crossEntropySum.dataSync()[0]).toBeCloseTo(expected.reduce((a, b) => a + b), 5);
  });

  it('take a gradient back through logistic units in one kernel, as upstream · y (1 - y)', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(6);
    for (const [rows, cols] of [[100, 1000], [3, 7]]) {
      const upstream = tf.tensor2d(Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
      const y = tf.tensor2d(Array.from({ length: rows * cols }, () => rng.next()), [rows, cols]);
      const profile = await tf.profile(() => throughLogistic(upstream, y).dispose());
      expect(profile.kernelNames).toEqual(['WorkbenchSigmoidBackward']);
      const expected = tf.mul(upstream, tf.mul(y, tf.sub(1, y)));
      expect(maxDifference(throughLogistic(upstream, y), expected)).toBeLessThan(1e-7);
    }
  });
});
