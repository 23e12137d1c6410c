import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBatchUpdater } from '../../src/engine/autoencoder/batch-update.ts';
import { lossAndGradients } from '../../src/engine/autoencoder/gradients.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { clonePreset } from '../../src/shared/presets.ts';

function meanLoss(net: Autoencoder, batch: tf.Tensor2D): number {
  const { lossSum, squaredErrorSum, gradients } = lossAndGradients(net, batch, 'cross-entropy', 0);
  const value = lossSum.dataSync()[0] / batch.shape[0];
  tf.dispose([lossSum, squaredErrorSum, ...gradients]);
  return value;
}

describe('conjugate-gradient fine-tuning (minimize.m)', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('lowers the batch loss with each call of three line searches, and much more than one small gradient step', async () => {
    const pixels = new SeededRandom(20);
    const batch = tf.tensor2d(Array.from({ length: 20 * 16 }, () => (pixels.next() < 0.3 ? 1 : 0)), [20, 16]);
    const net = Autoencoder.random([16, 8, 3], 'glorot-uniform', 0.1, new SeededRandom(21));
    const settings = { ...clonePreset('paper').finetune, optimizer: 'cg' as const, lineSearches: 3 };
    const updater = createBatchUpdater(net, settings);
    const losses = [meanLoss(net, batch)];
    for (let call = 0; call < 4; call++) {
      const outcome = await updater.update(net, batch);
      // The reported loss is the batch loss before this call's update.
      expect(outcome.lossSum.dataSync()[0] / 20).toBeCloseTo(losses[call], 3);
      tf.dispose([outcome.lossSum, outcome.squaredErrorSum]);
      losses.push(meanLoss(net, batch));
    }
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(losses[4]).toBeLessThan(losses[0] * 0.8);

    const sgdNet = Autoencoder.random([16, 8, 3], 'glorot-uniform', 0.1, new SeededRandom(21));
    const sgd = createBatchUpdater(sgdNet, { ...settings, optimizer: 'sgd', learningRate: 0.01, momentum: 0 });
    const before = meanLoss(sgdNet, batch);
    tf.dispose(Object.values(await sgd.update(sgdNet, batch)));
    expect(before - meanLoss(sgdNet, batch)).toBeLessThan(losses[0] - losses[1]);
    expect((await updater.state()).steps).toBe(4);
  });
});
