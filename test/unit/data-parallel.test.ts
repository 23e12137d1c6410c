import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBatchUpdater } from '../../src/engine/autoencoder/batch-update.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { trainDataParallel } from '../../src/engine/bench/data-parallel.ts';
import type { GradientExchange } from '../../src/engine/bench/data-parallel-protocol.ts';
import { loadMnist } from '../../src/engine/data/mnist.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { FinetuneConfig } from '../../src/shared/config.ts';

const LAYERS = [784, 64, 16];
const BATCH = 100;
const STEPS = 4;

function batchTensor(images: Float32Array, order: Int32Array, from: number, to: number): tf.Tensor2D {
  const rows = new Float32Array((to - from) * 784);
  for (let i = from; i < to; i++) rows.set(images.subarray(order[i] * 784, (order[i] + 1) * 784), (i - from) * 784);
  return tf.tensor2d(rows, [to - from, 784]);
}

function trainOneThread(initial: Float32Array[], settings: FinetuneConfig, images: Float32Array, order: Int32Array): Float32Array[] {
  const net = Autoencoder.fromArrays(LAYERS, initial, 'test');
  const updater = createBatchUpdater(net, settings);
  for (let s = 0; s < STEPS; s++) {
    const batch = batchTensor(images, order, s * BATCH, (s + 1) * BATCH);
    const outcome = updater.update(net, batch);
    [batch, outcome.lossSum, outcome.squaredErrorSum].forEach((t) => t.dispose());
  }
  const params = net.toArrays();
  updater.dispose();
  net.dispose();
  return params;
}

function maxAbs(values: Float32Array): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('data-parallel fine-tuning', () => {
  let images: Float32Array;
  let order: Int32Array;
  let initial: Float32Array[];

  beforeAll(async () => {
    await initBackend('wasm');
    images = (await loadMnist()).train.images.slice(0, 500 * 784);
    const rng = new SeededRandom(5);
    order = rng.permutation(500);
    const net = Autoencoder.random(LAYERS, 'glorot-uniform', 0.1, rng);
    initial = net.toArrays();
    net.dispose();
  });

  // SGD is sensitive to the gradient's scale (Adam is not), so it catches a sum taken for a mean;
  // weight decay catches an L2 term counted once per worker.
  const sgd: Partial<FinetuneConfig> = { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, loss: 'cross-entropy' };
  const adam: Partial<FinetuneConfig> = { optimizer: 'adam', learningRate: 0.001, weightDecay: 0, loss: 'mse' };
  const cases: [GradientExchange, string, Partial<FinetuneConfig>][] = [
    ['replicated', 'SGD with momentum, cross-entropy and weight decay', sgd],
    ['replicated', 'Adam with MSE', adam],
    ['sharded', 'SGD with momentum, cross-entropy and weight decay', sgd],
    ['sharded', 'Adam with MSE', adam],
  ];
  it.each(cases)('two workers (%s) match one thread on the same batches: %s', async (exchange, _, overrides) => {
    const settings: FinetuneConfig = { ...clonePreset('quick').finetune, batchSize: BATCH, ...overrides };
    const reference = trainOneThread(initial, settings, images, order);
    const outcome = await trainDataParallel({
      workers: 2, exchange, backend: 'wasm', layers: LAYERS, initialParams: initial, settings, images, dim: 784, order,
      batchSize: BATCH, steps: STEPS, warmupSteps: 0, returnParams: true,
    });
    const [first, second] = outcome.params!;
    first.forEach((values, i) => expect(maxAbsDifference(values, second[i])).toBe(0));
    reference.forEach((expected, i) => {
      const moved = maxAbsDifference(expected, initial[i]);
      expect(moved).toBeGreaterThan(1e-3);
      expect(maxAbsDifference(first[i], expected)).toBeLessThanOrEqual(1e-4 * Math.max(maxAbs(expected), moved));
    });
  });
});
