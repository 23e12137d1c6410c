import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createBatchUpdater } from '../../src/engine/autoencoder/batch-update.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { contrastiveDivergenceStep, type NoiseSource } from '../../src/engine/rbm/contrastive-divergence.ts';
import { Rbm } from '../../src/engine/rbm/rbm.ts';
import { clonePreset } from '../../src/shared/presets.ts';

const BACKENDS = ['cpu', 'tensorflow', 'tensorflow-gpu'] as const;

/** A few CD-1 and Adam steps from fixed numbers; the noise is fixed too, so backends can be compared. */
async function trainAFewSteps(): Promise<{ rbmWeights: Float32Array; netWeights: Float32Array[] }> {
  const rng = new SeededRandom(31);
  const data = tf.tensor2d(Array.from({ length: 32 * 50 }, () => (rng.next() < 0.3 ? 1 : 0)), [32, 50]);
  const noiseValues = Array.from({ length: 32 * 20 }, () => rng.next());
  const noise: NoiseSource = { hiddenNoise: (shape) => tf.tensor2d(noiseValues.slice(0, shape[0] * shape[1]), shape) };
  const rbm = Rbm.create(50, 20, 'binary', 0.1, new SeededRandom(32));
  for (let step = 0; step < 3; step++) contrastiveDivergenceStep(rbm, data, { learningRate: 0.1, momentum: 0.5, weightDecay: 0.0002, k: 1 }, noise).dispose();
  const net = Autoencoder.unroll([rbm]);
  const updater = createBatchUpdater(net, { ...clonePreset('quick').finetune, learningRate: 0.01 });
  for (let step = 0; step < 3; step++) tf.dispose(Object.values(updater.update(net, data)));
  const result = { rbmWeights: rbm.weights.dataSync() as Float32Array, netWeights: await net.toArrays() };
  updater.dispose();
  net.dispose();
  rbm.dispose();
  data.dispose();
  return result;
}

describe('backend conformance', async () => {
  await initBackend('wasm');
  const reference = await trainAFewSteps();
  for (const backend of BACKENDS) {
    const loads = await initBackend(backend).then(
      () => true,
      () => false,
    );
    it.skipIf(!loads)(`${backend} trains an RBM and fine-tunes like wasm, to 1e-4`, async () => {
      await initBackend(backend);
      const got = await trainAFewSteps();
      const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
      expect(maxDiff(got.rbmWeights, reference.rbmWeights)).toBeLessThan(1e-4);
      got.netWeights.forEach((w, i) => expect(maxDiff(w, reference.netWeights[i]), `parameter ${i}`).toBeLessThan(1e-4));
      // The steps did move the weights: the comparison is not of two untouched initialisations.
      expect(maxDiff(got.netWeights[0], (await Autoencoder.unroll([Rbm.create(50, 20, 'binary', 0.1, new SeededRandom(32))]).toArrays())[0])).toBeGreaterThan(1e-3);
    });
  }
});
