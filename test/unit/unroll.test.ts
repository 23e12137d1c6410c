import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { loadDataset } from '../../src/engine/data/load.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { contrastiveDivergenceStep, seededNoise } from '../../src/engine/rbm/contrastive-divergence.ts';
import { Rbm } from '../../src/engine/rbm/rbm.ts';
import { stackDown, stackReconstructionError, stackUp } from '../../src/engine/rbm/stack.ts';

describe('unrolling an RBM stack into an autoencoder', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("gives the stack's deterministic up-down pass on real MNIST images to 1e-5", async () => {
    const data = await loadDataset({ name: 'mnist', trainSize: 300, testSize: 100 }, 3);
    const images = tf.tensor2d(data.test.images, [data.test.count, 784]);
    const train = tf.tensor2d(data.train.images, [data.train.count, 784]);
    const sizes = [784, 64, 32, 8];
    const rng = new SeededRandom(5);
    const rbms: Rbm[] = [];
    let input = train;
    for (let i = 1; i < sizes.length; i++) {
      const rbm = Rbm.create(sizes[i - 1], sizes[i], i === sizes.length - 1 ? 'gaussian' : 'binary', 0.1, rng);
      // A few real updates so the biases are not zero and the check is not trivial.
      for (let step = 0; step < 3; step++) contrastiveDivergenceStep(rbm, input, { learningRate: 0.05, momentum: 0.5, weightDecay: 0.0002, k: 1 }, seededNoise(rng)).dispose();
      const next = rbm.hiddenProbabilities(input);
      if (input !== train) input.dispose();
      input = next;
      rbms.push(rbm);
    }
    const net = Autoencoder.unroll(rbms);
    expect(net.layers.map((l) => l.weights.shape)).toEqual([[784, 64], [64, 32], [32, 8], [8, 32], [32, 64], [64, 784]]);
    const viaStack = stackDown(rbms, stackUp(rbms, images));
    const viaNet = net.reconstruct(images);
    const maxDiff = tf.max(tf.abs(tf.sub(viaStack, viaNet))).dataSync()[0];
    expect(maxDiff).toBeLessThan(1e-5);
    const codes = net.encode(images);
    const stackCodes = stackUp(rbms, images);
    expect(tf.max(tf.abs(tf.sub(codes, stackCodes))).dataSync()[0]).toBeLessThan(1e-5);
    // The code layer is linear: some codes fall outside (0, 1).
    const codeValues = Array.from(codes.dataSync());
    expect(codeValues.some((v) => v < 0 || v > 1)).toBe(true);
    // The whole-stack error from the images already passed up through the lower layers is the same.
    const whole = await stackReconstructionError(rbms, images);
    expect(whole).toBeGreaterThan(1);
    expect(await stackReconstructionError(rbms, images, stackUp(rbms.slice(0, -1), images))).toBeCloseTo(whole, 6);
  });
});
