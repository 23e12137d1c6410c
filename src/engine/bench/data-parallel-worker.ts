import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { lossAndGradients } from '../autoencoder/gradients.ts';
import { Autoencoder } from '../autoencoder/network.ts';
import { initBackend } from '../backend.ts';
import type { DataParallelCommand, DataParallelMessage, DataParallelWorkerData, StepTimings } from './data-parallel-protocol.ts';
import { assignShards, createShardOptimizer, type ShardOptimizer } from './parameter-shards.ts';
import { SharedBarrier } from './shared-barrier.ts';

/**
 * One data-parallel fine-tuning worker: per batch it computes the gradients of its share of the
 * rows, publishes them in shared memory, meets the others at a barrier, averages the gradients of
 * the tensors it updates (weighted by share size, so the result is the full batch's gradient) and
 * steps them; with the sharded exchange it then takes the other tensors from their owners.
 */
if (!parentPort) throw new Error('data-parallel-worker must run in a worker thread');
const port = parentPort;
const post = (message: DataParallelMessage) => port.postMessage(message);

/** The rows [from, to) of the training order, as a tensor. */
function shareTensor(input: DataParallelWorkerData, from: number, to: number): tf.Tensor2D {
  const { images, order, dim } = input;
  const rows = new Float32Array((to - from) * dim);
  for (let i = from; i < to; i++) rows.set(images.subarray(order[i] * dim, (order[i] + 1) * dim), (i - from) * dim);
  return tf.tensor2d(rows, [to - from, dim]);
}

class DataParallelTrainer {
  private readonly net: Autoencoder;
  private readonly barrier: SharedBarrier;
  private readonly slots: Float32Array;
  private readonly sharedParams: Float32Array;
  private readonly offsets: number[] = [];
  private readonly sizes: number[];
  private readonly paramCount: number;
  /** Indices of the parameter tensors this worker updates. */
  private readonly owned: number[];
  private readonly others: number[];
  /** Whether another worker needs this worker's gradient of each tensor. */
  private readonly publishes: boolean[];
  private readonly optimizer: ShardOptimizer;
  private stepsTaken = 0;
  lossSum: tf.Scalar = tf.keep(tf.scalar(0));
  readonly timings: StepTimings = { batch: 0, gradients: 0, publish: 0, wait: 0, average: 0, update: 0, gather: 0 };

  constructor(private readonly input: DataParallelWorkerData) {
    const { index, workers, exchange } = input;
    this.net = Autoencoder.fromArrays(input.layers, input.initialParams, 'data-parallel');
    this.barrier = new SharedBarrier(input.barrier, workers);
    this.slots = new Float32Array(input.gradientSlots);
    this.sharedParams = new Float32Array(input.paramBuffer);
    this.sizes = input.initialParams.map((p) => p.length);
    let offset = 0;
    for (const size of this.sizes) {
      this.offsets.push(offset);
      offset += size;
    }
    this.paramCount = offset;
    const owner = exchange === 'sharded' ? assignShards(this.sizes, workers) : this.sizes.map(() => index);
    this.owned = owner.flatMap((o, i) => (o === index ? [i] : []));
    this.others = owner.flatMap((o, i) => (o === index ? [] : [i]));
    this.publishes = owner.map((o) => workers > 1 && (exchange === 'replicated' || o !== index));
    this.optimizer = createShardOptimizer(input.settings, this.owned.map((i) => this.parameter(i).shape));
  }

  private parameter(i: number): tf.Tensor {
    const layer = this.net.layers[i >> 1];
    return i % 2 === 0 ? layer.weights : layer.bias;
  }

  private setParameter(i: number, value: tf.Tensor): void {
    const layer = this.net.layers[i >> 1];
    this.parameter(i).dispose();
    if (i % 2 === 0) layer.weights = tf.keep(value) as tf.Tensor2D;
    else layer.bias = tf.keep(value) as tf.Tensor1D;
  }

  private slot(parity: number, worker: number): Float32Array {
    const start = (parity * this.input.workers + worker) * this.paramCount;
    return this.slots.subarray(start, start + this.paramCount);
  }

  /** One synchronous step on batch `batchIndex`; `record` adds its time to the timings. */
  step(batchIndex: number, record: boolean): void {
    const { batchSize, workers, index, settings, exchange } = this.input;
    const shareStart = (worker: number) => batchIndex * batchSize + Math.floor((worker * batchSize) / workers);
    // Double-buffered slots: with one barrier a step, a worker may write while another still reads.
    const parity = this.stepsTaken++ % 2;
    const t0 = performance.now();
    const batch = shareTensor(this.input, shareStart(index), shareStart(index + 1));
    const t1 = performance.now();
    const outcome = lossAndGradients(this.net, batch, settings.loss, settings.weightDecay);
    const t2 = performance.now();
    const mine = this.slot(parity, index);
    outcome.gradients.forEach((g, i) => this.publishes[i] && mine.set(g.dataSync(), this.offsets[i]));
    const t3 = performance.now();
    this.barrier.arrive();
    const t4 = performance.now();
    // Each share's gradient is of its own mean objective; weighting by share size gives the batch mean's.
    const weights = Array.from({ length: workers }, (_, w) => (shareStart(w + 1) - shareStart(w)) / batchSize);
    const averaged = this.owned.map((i) => this.average(i, parity, outcome.gradients[i], weights));
    const t5 = performance.now();
    const updated = this.optimizer.step(this.owned.map((i) => this.parameter(i)), averaged);
    this.owned.forEach((i, k) => {
      this.setParameter(i, updated[k]);
      if (exchange === 'sharded' && workers > 1) this.sharedParams.set(updated[k].dataSync(), this.offsets[i]);
    });
    const t6 = performance.now();
    let t7 = t6;
    if (exchange === 'sharded' && workers > 1) {
      this.barrier.arrive();
      t7 = performance.now();
      for (const i of this.others) {
        const values = this.sharedParams.subarray(this.offsets[i], this.offsets[i] + this.sizes[i]);
        this.setParameter(i, tf.tensor(values, this.parameter(i).shape));
      }
    }
    const t8 = performance.now();
    const total = tf.add(this.lossSum, outcome.lossSum) as tf.Scalar;
    [batch, outcome.lossSum, outcome.squaredErrorSum, this.lossSum, ...outcome.gradients, ...averaged].forEach((t) => t.dispose());
    this.lossSum = tf.keep(total);
    if (!record) return;
    const t = this.timings;
    t.batch += t1 - t0;
    t.gradients += t2 - t1;
    t.publish += t3 - t2;
    t.wait += t4 - t3 + (t7 - t6);
    t.average += t5 - t4;
    t.update += t6 - t5;
    t.gather += t8 - t7;
  }

  /** Summed in worker order on every worker, so all of them get bit-identical results. */
  private average(i: number, parity: number, own: tf.Tensor, weights: number[]): tf.Tensor {
    return tf.tidy(() => {
      const from = this.offsets[i];
      const terms = weights.map((weight, w) => {
        const gradient = w === this.input.index ? own : tf.tensor(this.slot(parity, w).subarray(from, from + this.sizes[i]), own.shape);
        return tf.mul(gradient, weight);
      });
      return terms.reduce((sum, term) => tf.add(sum, term));
    });
  }

  params(): Float32Array[] {
    return this.net.toArrays();
  }

  dispose(): void {
    this.optimizer.dispose();
    this.net.dispose();
    this.lossSum.dispose();
  }
}

function waitForStart(): Promise<void> {
  return new Promise((resolve) => port.once('message', (command: DataParallelCommand) => command.type === 'start' && resolve()));
}

async function main(input: DataParallelWorkerData): Promise<void> {
  await initBackend(input.backend);
  const trainer = new DataParallelTrainer(input);
  for (let s = 0; s < input.warmupSteps; s++) trainer.step(s, false);
  trainer.lossSum.dispose();
  trainer.lossSum = tf.keep(tf.scalar(0));
  const started = waitForStart();
  post({ type: 'ready' });
  await started;
  const clock = performance.now();
  for (let s = 0; s < input.steps; s++) trainer.step(s, true);
  const lossSum = (await trainer.lossSum.data())[0];
  const seconds = (performance.now() - clock) / 1000;
  post({ type: 'done', seconds, lossSum, timings: trainer.timings, params: input.returnParams ? trainer.params() : undefined });
  trainer.dispose();
}

main(workerData as DataParallelWorkerData).then(
  () => port.close(),
  (error: unknown) => {
    post({ type: 'failed', message: (error as Error).message ?? String(error), stack: (error as Error).stack });
    port.close();
  },
);
