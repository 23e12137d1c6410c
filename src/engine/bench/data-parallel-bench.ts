import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { createBatchUpdater } from '../autoencoder/batch-update.ts';
import { Autoencoder } from '../autoencoder/network.ts';
import { activeBackend } from '../backend.ts';
import { loadMnist } from '../data/mnist.ts';
import { sharedFloat32 } from '../data/types.ts';
import { SeededRandom } from '../random.ts';
import { clonePreset } from '../../shared/presets.ts';
import type { BackendChoice, FinetuneConfig } from '../../shared/config.ts';
import { trainDataParallel } from './data-parallel.ts';
import { median } from './median.ts';
import type { GradientExchange, StepTimings } from './data-parallel-protocol.ts';

const IMAGES = 10_000;
const DIM = 784;
const BATCH = 100;
const STEPS = IMAGES / BATCH;
const AUTOENCODER = [784, 1000, 500, 250, 30];

export type WorkerVariant = 'oneWorker' | 'twoWorkers' | 'twoWorkersSharded';
export type Variant = 'oneThread' | WorkerVariant;
const VARIANTS: Variant[] = ['oneThread', 'oneWorker', 'twoWorkers', 'twoWorkersSharded'];
const WORKER_RUNS: Record<WorkerVariant, { workers: number; exchange: GradientExchange }> = {
  oneWorker: { workers: 1, exchange: 'replicated' },
  twoWorkers: { workers: 2, exchange: 'replicated' },
  twoWorkersSharded: { workers: 2, exchange: 'sharded' },
};

export interface Workload {
  images: Float32Array;
  order: Int32Array;
  initialParams: Float32Array[];
  settings: FinetuneConfig;
}

export interface DataParallelBench {
  /** Median over rounds of one Adam epoch's samples/s. */
  samplesPerSec: Record<Variant, number>;
  rounds: Record<Variant, number>[];
  /** Median two-worker rates over the median one-thread rate, by gradient exchange. */
  speedup: Record<GradientExchange, number>;
  /** Mean milliseconds per step of each part, averaged over workers and rounds. */
  stepMs: Record<WorkerVariant, StepTimings>;
  /** One-minute load average before each round and after the last. */
  loadAverage: number[];
}

function batchTensor(work: Workload, from: number, to: number): tf.Tensor2D {
  const rows = new Float32Array((to - from) * DIM);
  for (let i = from; i < to; i++) rows.set(work.images.subarray(work.order[i] * DIM, (work.order[i] + 1) * DIM), (i - from) * DIM);
  return tf.tensor2d(rows, [to - from, DIM]);
}

/** The existing single-thread path (createBatchUpdater) on the main thread, one warm-up batch first. */
function oneThreadEpoch(work: Workload): number {
  const net = Autoencoder.fromArrays(AUTOENCODER, work.initialParams, 'bench');
  const updater = createBatchUpdater(net, work.settings);
  const step = (s: number) => {
    const batch = batchTensor(work, s * BATCH, (s + 1) * BATCH);
    const outcome = updater.update(net, batch);
    const loss = outcome.lossSum.dataSync()[0];
    [batch, outcome.lossSum, outcome.squaredErrorSum].forEach((t) => t.dispose());
    return loss;
  };
  step(0);
  const clock = performance.now();
  for (let s = 0; s < STEPS; s++) step(s);
  const seconds = (performance.now() - clock) / 1000;
  updater.dispose();
  net.dispose();
  return IMAGES / seconds;
}

async function workersEpoch(work: Workload, variant: WorkerVariant): Promise<{ samplesPerSec: number; timings: StepTimings[] }> {
  const outcome = await trainDataParallel({
    ...WORKER_RUNS[variant],
    backend: (activeBackend()?.name ?? 'wasm') as BackendChoice,
    layers: AUTOENCODER,
    initialParams: work.initialParams,
    settings: work.settings,
    images: work.images,
    dim: DIM,
    order: work.order,
    batchSize: BATCH,
    steps: STEPS,
    warmupSteps: 1,
  });
  return { samplesPerSec: IMAGES / outcome.seconds, timings: outcome.timings };
}

/** Samples/s of one epoch of `variant`, and the workers' per-step timings (none on the main thread). */
export async function measureVariant(work: Workload, variant: Variant): Promise<{ samplesPerSec: number; timings: StepTimings[] }> {
  return variant === 'oneThread' ? { samplesPerSec: oneThreadEpoch(work), timings: [] } : workersEpoch(work, variant);
}


function meanPerStep(all: StepTimings[]): StepTimings {
  const keys = Object.keys(all[0]) as (keyof StepTimings)[];
  return Object.fromEntries(keys.map((k) => [k, all.reduce((sum, t) => sum + t[k], 0) / all.length / STEPS])) as unknown as StepTimings;
}

export async function dataParallelWorkload(): Promise<Workload> {
  const { train } = await loadMnist();
  const images = sharedFloat32(IMAGES * DIM);
  images.set(train.images.subarray(0, IMAGES * DIM));
  const rng = new SeededRandom(2);
  const net = Autoencoder.random(AUTOENCODER, 'glorot-uniform', 0.1, rng);
  const initialParams = net.toArrays();
  net.dispose();
  return { images, order: rng.permutation(IMAGES), initialParams, settings: { ...clonePreset('quick').finetune, batchSize: BATCH } };
}

/**
 * One Adam epoch of the 784-1000-500-250-30 autoencoder on 10,000 MNIST images, batch 100: on the
 * main thread, with one data-parallel worker, and with two (both gradient exchanges). Variants alternate within each round
 * (the starting one rotates), so a burst of load elsewhere does not land on one variant only.
 */
export async function benchDataParallel(roundCount = 3): Promise<DataParallelBench> {
  const work = await dataParallelWorkload();
  const rounds: Record<Variant, number>[] = [];
  const timings: Record<WorkerVariant, StepTimings[]> = { oneWorker: [], twoWorkers: [], twoWorkersSharded: [] };
  const loadAverage: number[] = [];
  for (let r = 0; r < roundCount; r++) {
    loadAverage.push(loadavg()[0]);
    const round = {} as Record<Variant, number>;
    for (let v = 0; v < VARIANTS.length; v++) {
      const variant = VARIANTS[(r + v) % VARIANTS.length];
      const outcome = await measureVariant(work, variant);
      round[variant] = outcome.samplesPerSec;
      if (variant !== 'oneThread') timings[variant].push(...outcome.timings);
    }
    rounds.push(round);
  }
  loadAverage.push(loadavg()[0]);
  const samplesPerSec = Object.fromEntries(VARIANTS.map((v) => [v, median(rounds.map((r) => r[v]))])) as Record<Variant, number>;
  return {
    samplesPerSec,
    rounds,
    speedup: { replicated: samplesPerSec.twoWorkers / samplesPerSec.oneThread, sharded: samplesPerSec.twoWorkersSharded / samplesPerSec.oneThread },
    stepMs: { oneWorker: meanPerStep(timings.oneWorker), twoWorkers: meanPerStep(timings.twoWorkers), twoWorkersSharded: meanPerStep(timings.twoWorkersSharded) },
    loadAverage,
  };
}
