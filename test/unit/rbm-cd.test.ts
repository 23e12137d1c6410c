import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { contrastiveDivergenceStep, seededNoise, type NoiseSource } from '../../src/engine/rbm/contrastive-divergence.ts';
import { Rbm, type HiddenUnits } from '../../src/engine/rbm/rbm.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { heapKernelsActive } from '../../src/engine/wasm-kernels/register.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

// A 3-visible, 2-hidden RBM with hand-picked parameters and one training vector.
const W = [
  [0.5, -0.25],
  [0.1, 0.3],
  [-0.4, 0.2],
];
const visibleBias = [0.05, -0.1, 0.2];
const hiddenBias = [-0.2, 0.1];
const v0 = [1, 0, 1];
const uniform = [0.3, 0.9];

function fixedRbm(units: HiddenUnits): Rbm {
  return Rbm.fromState({
    visible: 3,
    hidden: 2,
    hiddenUnits: units,
    weights: Float32Array.from(W.flat()),
    visibleBias: Float32Array.from(visibleBias),
    hiddenBias: Float32Array.from(hiddenBias),
    weightsIncrement: new Float32Array(6),
    visibleBiasIncrement: new Float32Array(3),
    hiddenBiasIncrement: new Float32Array(2),
  });
}

const fixedNoise = (values: number[]): NoiseSource => ({
  hiddenNoise: (shape) => tf.tensor2d(values, shape),
});

describe('one CD-1 update', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('matches the update worked out by hand for binary hidden units', () => {
    // Hand computation: positive phase, sampled hidden states, reconstruction, negative phase.
    const ph0 = [0, 1].map((j) => sigmoid(v0[0] * W[0][j] + v0[1] * W[1][j] + v0[2] * W[2][j] + hiddenBias[j]));
    // ph0 = [sigmoid(-0.1), sigmoid(0.05)] = [0.4750, 0.5125]: 0.4750 > 0.3 -> 1, 0.5125 > 0.9 -> 0
    expect(ph0[0]).toBeCloseTo(0.475021, 5);
    const h0 = ph0.map((p, j) => (p > uniform[j] ? 1 : 0));
    expect(h0).toEqual([1, 0]);
    const pv1 = [0, 1, 2].map((i) => sigmoid(h0[0] * W[i][0] + h0[1] * W[i][1] + visibleBias[i]));
    const ph1 = [0, 1].map((j) => sigmoid(pv1[0] * W[0][j] + pv1[1] * W[1][j] + pv1[2] * W[2][j] + hiddenBias[j]));
    const lr = 0.1;
    const decay = 0.0002;
    const expectedW = W.map((row, i) => row.map((w, j) => w + lr * (v0[i] * ph0[j] - pv1[i] * ph1[j] - decay * w)));
    const expectedVb = visibleBias.map((b, i) => b + lr * (v0[i] - pv1[i]));
    const expectedHb = hiddenBias.map((b, j) => b + lr * (ph0[j] - ph1[j]));
    const expectedError = v0.reduce((s, v, i) => s + (v - pv1[i]) ** 2, 0);

    const rbm = fixedRbm('binary');
    const error = contrastiveDivergenceStep(rbm, tf.tensor2d([v0]), { learningRate: lr, momentum: 0.5, weightDecay: decay, k: 1 }, fixedNoise(uniform));
    expect(error.dataSync()[0]).toBeCloseTo(expectedError, 5);
    const got = Array.from(rbm.weights.dataSync());
    expectedW.flat().forEach((w, k) => expect(got[k]).toBeCloseTo(w, 6));
    Array.from(rbm.visibleBias.dataSync()).forEach((b, i) => expect(b).toBeCloseTo(expectedVb[i], 6));
    Array.from(rbm.hiddenBias.dataSync()).forEach((b, j) => expect(b).toBeCloseTo(expectedHb[j], 6));
    // Momentum applies to the next step: the increment kept is exactly this step's change.
    const increment = Array.from(rbm.weightsIncrement.dataSync());
    expectedW.flat().forEach((w, k) => expect(increment[k]).toBeCloseTo(w - W.flat()[k], 6));
    rbm.dispose();
  });

  it('uses linear hidden units with additive unit Gaussian noise for the top layer', () => {
    const normal = [0.5, -1.0];
    const mean = [0, 1].map((j) => v0[0] * W[0][j] + v0[1] * W[1][j] + v0[2] * W[2][j] + hiddenBias[j]);
    const h0 = mean.map((m, j) => m + normal[j]);
    const pv1 = [0, 1, 2].map((i) => sigmoid(h0[0] * W[i][0] + h0[1] * W[i][1] + visibleBias[i]));
    const mean1 = [0, 1].map((j) => pv1[0] * W[0][j] + pv1[1] * W[1][j] + pv1[2] * W[2][j] + hiddenBias[j]);
    const lr = 0.001;
    const expectedW = W.map((row, i) => row.map((w, j) => w + lr * (v0[i] * mean[j] - pv1[i] * mean1[j])));
    const rbm = fixedRbm('gaussian');
    contrastiveDivergenceStep(rbm, tf.tensor2d([v0]), { learningRate: lr, momentum: 0, weightDecay: 0, k: 1 }, fixedNoise(normal)).dispose();
    const got = Array.from(rbm.weights.dataSync());
    expectedW.flat().forEach((w, k) => expect(got[k]).toBeCloseTo(w, 6));
    rbm.dispose();
  });

  it('adds the previous increment times the momentum on the next step', async () => {
    const rbm = fixedRbm('binary');
    const settings = { learningRate: 0.1, momentum: 0.9, weightDecay: 0, k: 1 };
    contrastiveDivergenceStep(rbm, tf.tensor2d([v0]), settings, fixedNoise(uniform)).dispose();
    const first = Array.from(rbm.weightsIncrement.dataSync());
    const before = Array.from(rbm.weights.dataSync());
    const fresh = Rbm.fromState({ ...(await rbm.toState()), weightsIncrement: new Float32Array(6), visibleBiasIncrement: new Float32Array(3), hiddenBiasIncrement: new Float32Array(2) });
    contrastiveDivergenceStep(fresh, tf.tensor2d([v0]), settings, fixedNoise(uniform)).dispose();
    contrastiveDivergenceStep(rbm, tf.tensor2d([v0]), settings, fixedNoise(uniform)).dispose();
    const withMomentum = Array.from(rbm.weights.dataSync());
    const without = Array.from(fresh.weights.dataSync());
    withMomentum.forEach((w, k) => expect(w - without[k]).toBeCloseTo(0.9 * first[k], 6));
    expect(before.length).toBe(6);
    rbm.dispose();
    fresh.dispose();
  });

  it('divides the statistics of a batch of 3 by 3, with hidden states from the production sampler (24-bit hashed uniforms)', () => {
    expect(heapKernelsActive()).toBe(true);
    // The kernel's uniform for unit i (row-major over the batch): lowbias32(lowbias32(i ^ k) + k) >>> 8, over 2^24, k = lowbias32(seed).
    const lowbias32 = (value: number): number => {
      let x = value >>> 0;
      x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
      x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
      return (x ^ (x >>> 16)) >>> 0;
    };
    const key = lowbias32(new SeededRandom(77).seed());
    const uniformAt = (i: number) => (lowbias32((lowbias32((i ^ key) >>> 0) + key) >>> 0) >>> 8) * 2 ** -24;
    const batch = [v0, [0, 1, 1], [1, 1, 0]];
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
    const column = (j: number) => W.map((row) => row[j]);
    const hiddenOf = (v: number[]) => [0, 1].map((j) => sigmoid(dot(v, column(j)) + hiddenBias[j]));
    const ph0 = batch.map(hiddenOf);
    const margins = ph0.flatMap((row, r) => row.map((p, j) => Math.abs(p - uniformAt(2 * r + j))));
    expect(Math.min(...margins)).toBeGreaterThan(1e-4); // no state hangs on float32 rounding
    const h0 = ph0.map((row, r) => row.map((p, j) => (p > uniformAt(2 * r + j) ? 1 : 0)));
    expect(new Set(h0.flat())).toEqual(new Set([0, 1]));
    const pv1 = h0.map((h) => W.map((row, i) => sigmoid(dot(h, row) + visibleBias[i])));
    const ph1 = pv1.map(hiddenOf);
    const lr = 0.1;
    const decay = 0.0002;
    const B = batch.length;
    const sumOver = (f: (r: number) => number) => [0, 1, 2].reduce((s, r) => s + f(r), 0);
    const expectedW = W.map((row, i) =>
      row.map((w, j) => w + lr * (sumOver((r) => batch[r][i] * ph0[r][j] - pv1[r][i] * ph1[r][j]) / B - decay * w)),
    );
    const expectedVb = visibleBias.map((b, i) => b + (lr * sumOver((r) => batch[r][i] - pv1[r][i])) / B);
    const expectedHb = hiddenBias.map((b, j) => b + (lr * sumOver((r) => ph0[r][j] - ph1[r][j])) / B);
    const expectedError = sumOver((r) => batch[r].reduce((s, v, i) => s + (v - pv1[r][i]) ** 2, 0));

    const rbm = fixedRbm('binary');
    const settings = { learningRate: lr, momentum: 0.5, weightDecay: decay, k: 1 };
    const error = contrastiveDivergenceStep(rbm, tf.tensor2d(batch), settings, seededNoise(new SeededRandom(77)));
    expect(error.dataSync()[0]).toBeCloseTo(expectedError, 5);
    const got = Array.from(rbm.weights.dataSync());
    expectedW.flat().forEach((w, k) => expect(got[k]).toBeCloseTo(w, 6));
    Array.from(rbm.visibleBias.dataSync()).forEach((b, i) => expect(b).toBeCloseTo(expectedVb[i], 6));
    Array.from(rbm.hiddenBias.dataSync()).forEach((b, j) => expect(b).toBeCloseTo(expectedHb[j], 6));
    rbm.dispose();
  });
});
