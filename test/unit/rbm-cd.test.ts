import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { contrastiveDivergenceStep, type NoiseSource } from '../../src/engine/rbm/contrastive-divergence.ts';
import { Rbm, type HiddenUnits } from '../../src/engine/rbm/rbm.ts';

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

  it('adds the previous increment times the momentum on the next step', () => {
    const rbm = fixedRbm('binary');
    const settings = { learningRate: 0.1, momentum: 0.9, weightDecay: 0, k: 1 };
    contrastiveDivergenceStep(rbm, tf.tensor2d([v0]), settings, fixedNoise(uniform)).dispose();
    const first = Array.from(rbm.weightsIncrement.dataSync());
    const before = Array.from(rbm.weights.dataSync());
    const fresh = Rbm.fromState({ ...rbm.toState(), weightsIncrement: new Float32Array(6), visibleBiasIncrement: new Float32Array(3), hiddenBiasIncrement: new Float32Array(2) });
    contrastiveDivergenceStep(fresh, tf.tensor2d([v0]), settings, fixedNoise(uniform)).dispose();
    contrastiveDivergenceStep(rbm, tf.tensor2d([v0]), settings, fixedNoise(uniform)).dispose();
    const withMomentum = Array.from(rbm.weights.dataSync());
    const without = Array.from(fresh.weights.dataSync());
    withMomentum.forEach((w, k) => expect(w - without[k]).toBeCloseTo(0.9 * first[k], 6));
    expect(before.length).toBe(6);
    rbm.dispose();
    fresh.dispose();
  });
});
