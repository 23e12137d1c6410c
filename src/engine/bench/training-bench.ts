import * as tf from '@tensorflow/tfjs';
import { createBatchUpdater } from '../autoencoder/batch-update.ts';
import { Autoencoder } from '../autoencoder/network.ts';
import { batchRanges, gatherBatch } from '../batches.ts';
import { loadMnist } from '../data/mnist.ts';
import { SeededRandom } from '../random.ts';
import { contrastiveDivergenceStep, seededNoise } from '../rbm/contrastive-divergence.ts';
import { Rbm } from '../rbm/rbm.ts';
import { rowMatrix, type RowMatrix } from '../row-matrix.ts';
import { clonePreset } from '../../shared/presets.ts';
import { loadBlasAddon } from '../native-blas/addon.ts';
import { median } from './median.ts';
import { applySetting, type ProductSetting } from './product-settings.ts';

// Ten segments of ten batches for each of three settings: enough that one slow moment on a shared
// machine does not decide a setting's rate.
const IMAGES = 30_000;
const BATCH = 100;
const AUTOENCODER = [784, 1000, 500, 250, 30];

/** Wall and CPU seconds since `start`; CPU time is what a busy shared machine does not distort. */
interface Clock {
  wall: number;
  cpu: NodeJS.CpuUsage;
}

function startClock(): Clock {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function stopClock(clock: Clock): { seconds: number; cpuSeconds: number } {
  const cpu = process.cpuUsage(clock.cpu);
  return { seconds: (performance.now() - clock.wall) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export interface Rate {
  samplesPerSec: number;
  samplesPerCpuSec: number;
  gflops: number;
  cpuGflops: number;
}

function rateOf(samples: number, flopsPerSample: number, time: { seconds: number; cpuSeconds: number }): Rate {
  return {
    samplesPerSec: samples / time.seconds,
    samplesPerCpuSec: samples / time.cpuSeconds,
    gflops: (samples * flopsPerSample) / time.seconds / 1e9,
    cpuGflops: (samples * flopsPerSample) / time.cpuSeconds / 1e9,
  };
}

/** Repeated products of the workload's typical shape, 100x784 @ 784x1000, with fixed operands. */
class Yardstick {
  private readonly a = tf.randomUniform([BATCH, 784]);
  private readonly b = tf.randomUniform([784, 1000]);

  constructor() {
    tf.matMul(this.a, this.b).dispose();
  }

  async rate(repeats: number): Promise<{ gflops: number; cpuGflops: number }> {
    const clock = startClock();
    for (let i = 0; i < repeats; i++) {
      const c = tf.matMul(this.a, this.b);
      // Waits for the product: on a GPU the queue runs ahead of JavaScript.
      await c.data();
      c.dispose();
    }
    const rate = rateOf(repeats, 2 * BATCH * 784 * 1000, stopClock(clock));
    return { gflops: rate.gflops, cpuGflops: rate.cpuGflops };
  }

  /**
   * Waits until the backend has done all the work queued so far: a GPU's queue runs ahead of
   * JavaScript, and runs in order, so a read of a result computed there now waits for the rest.
   */
  async drained(): Promise<void> {
    const marker = tf.sum(this.a);
    await marker.data();
    marker.dispose();
  }

  dispose(): void {
    this.a.dispose();
    this.b.dispose();
  }
}

/**
 * The backend's raw rate on the workload's typical product, 100x784 @ 784x1000, in GFLOP/s:
 * the best of several rounds, so a moment of load elsewhere does not lower the yardstick.
 */
export async function benchMatmul(rounds = 5, repeats = 30): Promise<{ gflops: number; cpuGflops: number }> {
  const yardstick = new Yardstick();
  let best = { gflops: 0, cpuGflops: 0 };
  for (let round = 0; round < rounds; round++) {
    const rate = await yardstick.rate(repeats);
    best = { gflops: Math.max(best.gflops, rate.gflops), cpuGflops: Math.max(best.cpuGflops, rate.cpuGflops) };
  }
  yardstick.dispose();
  return best;
}

/**
 * cblas_sgemm alone on the same product, on a plain buffer (no tensors, no heap), on `threads`
 * threads: the fastest product this machine has, best of several rounds; undefined without the addon.
 */
export function benchBlasAlone(threads: number, rounds = 5, repeats = 30): number | undefined {
  const { addon } = loadBlasAddon();
  if (!addon) return undefined;
  const floats = BATCH * 784 + 784 * 1000 + BATCH * 1000;
  const buffer = new ArrayBuffer(4 * floats);
  const values = new Float32Array(buffer);
  for (let i = 0; i < BATCH * 784 + 784 * 1000; i++) values[i] = Math.sin(i);
  const [a, b, c] = [0, 4 * BATCH * 784, 4 * (BATCH * 784 + 784 * 1000)];
  const before = addon.threads();
  addon.setThreads(threads);
  let best = 0;
  for (let round = 0; round <= rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < repeats; i++) addon.sgemm(buffer, false, false, 1, BATCH, 1000, 784, a, 0, b, 0, c, 0);
    // round 0 warms the library's threads and buffers
    if (round > 0) best = Math.max(best, (repeats * 2 * BATCH * 784 * 1000) / ((performance.now() - started) / 1000) / 1e9);
  }
  addon.setThreads(before);
  return best;
}

export interface EpochRate extends Rate {
  /**
   * Achieved FLOP rate over the yardstick's, measured in alternation: the epoch runs in segments
   * of SEGMENT batches with a short yardstick burst before and after each, every segment is compared
   * with the mean of the bursts around it, and the median segment is reported. On a machine whose
   * speed drifts (shared cores) this compares like with like, where one yardstick taken
   * before the epoch does not.
   */
  pairedEfficiency: number;
}

const SEGMENT = 10;
const BURST = 5;


type Step = (from: number, to: number) => void | Promise<void>;

/**
 * Runs `step` over every batch of an epoch (after one untimed batch per setting) and times it,
 * yardstick bursts excluded. Segments take the product settings in turn (all of them see the same
 * machine, like with like), each between two bursts on its own setting; the rates are per setting.
 */
async function timeEpoch(images: number, flopsPerSample: number, step: Step, settings: ProductSetting[]): Promise<Record<string, EpochRate>> {
  const yardstick = new Yardstick();
  const ranges = [...batchRanges(images, BATCH)];
  const measured = settings.map(() => ({ segments: [] as { samples: number; seconds: number; cpuSeconds: number }[], bursts: [] as [number, number][] }));
  // One untimed batch on each setting first: the first call on a path packs weights, allocates
  // buffers and starts threads, which would otherwise count against whichever setting went first.
  for (const setting of settings) {
    applySetting(setting);
    await step(...ranges[0]);
    await yardstick.drained();
  }
  for (let start = 0, turn = 0; start < ranges.length; start += SEGMENT, turn++) {
    const which = turn % settings.length;
    applySetting(settings[which]);
    const part = ranges.slice(start, start + SEGMENT);
    const before = (await yardstick.rate(BURST)).gflops;
    const clock = startClock();
    for (const [from, to] of part) await step(from, to);
    await yardstick.drained();
    const time = stopClock(clock);
    const after = (await yardstick.rate(BURST)).gflops;
    measured[which].segments.push({ samples: part.reduce((n, [from, to]) => n + to - from, 0), ...time });
    measured[which].bursts.push([before, after]);
  }
  yardstick.dispose();
  const rates: Record<string, EpochRate> = {};
  settings.forEach((setting, i) => {
    const { segments, bursts } = measured[i];
    if (segments.length === 0) return;
    const total = segments.reduce(
      (sum, s) => ({ samples: sum.samples + s.samples, seconds: sum.seconds + s.seconds, cpuSeconds: sum.cpuSeconds + s.cpuSeconds }),
      { samples: 0, seconds: 0, cpuSeconds: 0 },
    );
    const efficiency = median(segments.map((s, j) => pairedEfficiency([s], bursts[j], flopsPerSample)));
    rates[setting.name] = { ...rateOf(total.samples, flopsPerSample, total), pairedEfficiency: efficiency };
  });
  return rates;
}

/**
 * The median over segments of the segment's FLOP rate over the mean yardstick rate of the bursts
 * just before and after it (`bursts` has one more entry than `segments`, in GFLOP/s).
 */
export function pairedEfficiency(segments: { samples: number; seconds: number }[], bursts: number[], flopsPerSample: number): number {
  if (bursts.length !== segments.length + 1) throw new Error(`need one yardstick burst around every segment: ${segments.length} segments, ${bursts.length} bursts`);
  return median(segments.map((s, i) => (s.samples * flopsPerSample) / s.seconds / 1e9 / ((bursts[i] + bursts[i + 1]) / 2)));
}

async function benchImages(): Promise<RowMatrix> {
  const { train } = await loadMnist();
  return rowMatrix(train.images.subarray(0, IMAGES * 784), IMAGES, 784);
}

/** One CD-1 epoch of a 784-1000 RBM over the first 30,000 MNIST training images, segments taking the settings in turn. */
export async function benchRbmEpoch(products: ProductSetting[]): Promise<Record<string, EpochRate>> {
  const data = await benchImages();
  const rng = new SeededRandom(1);
  const rbm = Rbm.create(784, 1000, 'binary', 0.1, rng);
  const noise = seededNoise(rng);
  const order = rng.permutation(IMAGES);
  const settings = { learningRate: 0.1, momentum: 0.5, weightDecay: 0.0002, k: 1 };
  let total: tf.Scalar = tf.scalar(0);
  // Five products of 784x1000 per sample: up, down, up again, and the two outer products.
  const rate = await timeEpoch(IMAGES, 5 * 2 * 784 * 1000, (from, to) => {
    const batch = gatherBatch(data, order, from, to);
    const error = contrastiveDivergenceStep(rbm, batch, settings, noise);
    const next = tf.add(total, error) as tf.Scalar;
    [batch, error, total].forEach((t) => t.dispose());
    total = next;
  }, products);
  total.dispose();
  rbm.dispose();
  return rate;
}

/** One Adam epoch of the 784-1000-500-250-30 autoencoder over the same images, segments taking the settings in turn. */
export async function benchFinetuneEpoch(products: ProductSetting[]): Promise<Record<string, EpochRate>> {
  const data = await benchImages();
  const rng = new SeededRandom(2);
  const net = Autoencoder.random(AUTOENCODER, 'glorot-uniform', 0.1, rng);
  const settings = { ...clonePreset('quick').finetune, batchSize: BATCH };
  const updater = createBatchUpdater(net, settings);
  const order = rng.permutation(IMAGES);
  let weights = 0;
  for (let i = 1; i < AUTOENCODER.length; i++) weights += 2 * AUTOENCODER[i - 1] * AUTOENCODER[i];
  let total: tf.Scalar = tf.scalar(0);
  // Forward, weight gradients and input gradients: three products per weight per sample
  // (the first layer's input gradient is skipped, a small saving ignored here).
  const rate = await timeEpoch(IMAGES, 3 * 2 * weights, async (from, to) => {
    const batch = gatherBatch(data, order, from, to);
    const outcome = await updater.update(net, batch);
    const next = tf.add(total, outcome.lossSum) as tf.Scalar;
    [batch, outcome.lossSum, outcome.squaredErrorSum, total].forEach((t) => t.dispose());
    total = next;
  }, products);
  total.dispose();
  updater.dispose();
  net.dispose();
  return rate;
}
