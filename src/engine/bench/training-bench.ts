import * as tf from '@tensorflow/tfjs';
import { createBatchUpdater } from '../autoencoder/batch-update.ts';
import { Autoencoder } from '../autoencoder/network.ts';
import { batchRanges, gatherBatch } from '../batches.ts';
import { loadMnist } from '../data/mnist.ts';
import { SeededRandom } from '../random.ts';
import { contrastiveDivergenceStep, seededNoise } from '../rbm/contrastive-divergence.ts';
import { Rbm } from '../rbm/rbm.ts';
import { clonePreset } from '../../shared/presets.ts';

const IMAGES = 10_000;
const BATCH = 100;
const AUTOENCODER = [784, 1000, 500, 250, 30];

function elapsedSeconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/** The backend's raw rate on the workload's typical product, 100x784 @ 784x1000, in GFLOP/s. */
export function benchMatmul(repeats = 40): number {
  const a = tf.randomUniform([BATCH, 784]);
  const b = tf.randomUniform([784, 1000]);
  tf.matMul(a, b).dispose();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  }
  const seconds = elapsedSeconds(start);
  a.dispose();
  b.dispose();
  return (2 * BATCH * 784 * 1000 * repeats) / seconds / 1e9;
}

async function benchImages(): Promise<tf.Tensor2D> {
  const { train } = await loadMnist();
  return tf.tensor2d(train.images.subarray(0, IMAGES * 784), [IMAGES, 784]);
}

/** One CD-1 epoch of a 784-1000 RBM over the first 10,000 MNIST training images. */
export async function benchRbmEpoch(): Promise<{ samplesPerSec: number; gflops: number }> {
  const data = await benchImages();
  const rng = new SeededRandom(1);
  const rbm = Rbm.create(784, 1000, 'binary', 0.1, rng);
  const noise = seededNoise(rng);
  const order = rng.permutation(IMAGES);
  const settings = { learningRate: 0.1, momentum: 0.5, weightDecay: 0.0002, k: 1 };
  const warm = gatherBatch(data, order, 0, BATCH);
  contrastiveDivergenceStep(rbm, warm, settings, noise).dispose();
  warm.dispose();
  let total: tf.Scalar = tf.scalar(0);
  const start = performance.now();
  for (const [from, to] of batchRanges(IMAGES, BATCH)) {
    const batch = gatherBatch(data, order, from, to);
    const error = contrastiveDivergenceStep(rbm, batch, settings, noise);
    const next = tf.add(total, error) as tf.Scalar;
    [batch, error, total].forEach((t) => t.dispose());
    total = next;
  }
  total.dataSync();
  const seconds = elapsedSeconds(start);
  total.dispose();
  rbm.dispose();
  data.dispose();
  // Five products of 784x1000 per sample: up, down, up again, and the two outer products.
  return { samplesPerSec: IMAGES / seconds, gflops: (IMAGES * 5 * 2 * 784 * 1000) / seconds / 1e9 };
}

/** One Adam epoch of the 784-1000-500-250-30 autoencoder over the same images. */
export async function benchFinetuneEpoch(): Promise<{ samplesPerSec: number; gflops: number }> {
  const data = await benchImages();
  const rng = new SeededRandom(2);
  const net = Autoencoder.random(AUTOENCODER, 'glorot-uniform', 0.1, rng);
  const settings = { ...clonePreset('quick').finetune, batchSize: BATCH };
  const updater = createBatchUpdater(net, settings);
  const order = rng.permutation(IMAGES);
  const warm = gatherBatch(data, order, 0, BATCH);
  const first = updater.update(net, warm);
  [warm, first.lossSum, first.squaredErrorSum].forEach((t) => t.dispose());
  let total: tf.Scalar = tf.scalar(0);
  const start = performance.now();
  for (const [from, to] of batchRanges(IMAGES, BATCH)) {
    const batch = gatherBatch(data, order, from, to);
    const outcome = updater.update(net, batch);
    const next = tf.add(total, outcome.lossSum) as tf.Scalar;
    [batch, outcome.lossSum, outcome.squaredErrorSum, total].forEach((t) => t.dispose());
    total = next;
  }
  total.dataSync();
  const seconds = elapsedSeconds(start);
  total.dispose();
  updater.dispose();
  net.dispose();
  data.dispose();
  let weights = 0;
  for (let i = 1; i < AUTOENCODER.length; i++) weights += 2 * AUTOENCODER[i - 1] * AUTOENCODER[i];
  // Forward, weight gradients and input gradients: three products per weight per sample
  // (the first layer's input gradient is skipped, a small saving ignored here).
  return { samplesPerSec: IMAGES / seconds, gflops: (IMAGES * 3 * 2 * weights) / seconds / 1e9 };
}
