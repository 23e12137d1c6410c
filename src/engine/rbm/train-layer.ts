import * as tf from '@tensorflow/tfjs';
import type { PretrainConfig } from '../../shared/config.ts';
import type { PipelineListener } from '../../shared/events.ts';
import { batchRanges, gatherBatch } from '../batches.ts';
import { yieldAndCheck } from '../cancellation.ts';
import { randomFor } from '../epoch-random.ts';
import type { ProgressSink } from '../progress.ts';
import { contrastiveDivergenceStep, seededNoise } from './contrastive-divergence.ts';
import type { Rbm } from './rbm.ts';
import { stackReconstructionError } from './stack.ts';

export interface RbmLayerTraining {
  phase: string;
  rbm: Rbm;
  /** The training set as this layer sees it: hidden probabilities of the layer below. */
  input: tf.Tensor2D;
  /** Monitors at this layer's input: training images and held-out images. */
  monitorTrain: tf.Tensor2D;
  monitorHeldOut: tf.Tensor2D;
  /** Monitor training images as pixels, and the layers below, for the whole-stack measure. */
  monitorPixels: tf.Tensor2D;
  below: Rbm[];
  learningRate: number;
  settings: PretrainConfig;
  seed: number;
  startEpoch: number;
  emit: PipelineListener;
  tracker: ProgressSink;
  signal?: AbortSignal;
  onEpochEnd(epoch: number, metrics: Record<string, number>): Promise<void>;
}

const YIELD_EVERY_BATCHES = 10;

/** Trains one RBM of the stack with CD-k for the configured epochs, emitting per-epoch metrics. */
export async function trainRbmLayer(job: RbmLayerTraining): Promise<void> {
  const { rbm, input, settings } = job;
  const count = input.shape[0];
  const ranges = batchRanges(count, settings.batchSize);
  for (let epoch = job.startEpoch; epoch < settings.epochs; epoch++) {
    const rng = randomFor(job.seed, job.phase, epoch);
    const order = rng.permutation(count);
    const noise = seededNoise(rng);
    const momentum = epoch < settings.momentum.switchEpoch ? settings.momentum.initial : settings.momentum.final;
    const cd = { learningRate: job.learningRate, momentum, weightDecay: settings.weightDecay, k: settings.cdK };
    let errorSum: tf.Scalar = tf.scalar(0);
    const started = performance.now();
    for (let b = 0; b < ranges.length; b++) {
      const [start, end] = ranges[b];
      const batch = gatherBatch(input, order, start, end);
      const batchError = contrastiveDivergenceStep(rbm, batch, cd, noise);
      batch.dispose();
      const next = tf.add(errorSum, batchError) as tf.Scalar;
      errorSum.dispose();
      batchError.dispose();
      errorSum = next;
      job.tracker.advance(job.phase, end - start);
      if (b % YIELD_EVERY_BATCHES === YIELD_EVERY_BATCHES - 1) await yieldAndCheck(job.signal);
    }
    const trainSSE = errorSum.dataSync()[0] / count;
    errorSum.dispose();
    const gap = tf.tidy(() => tf.sub(rbm.meanFreeEnergy(job.monitorHeldOut), rbm.meanFreeEnergy(job.monitorTrain)));
    const freeEnergyGap = gap.dataSync()[0];
    gap.dispose();
    const stackSSE = stackReconstructionError([...job.below, rbm], job.monitorPixels);
    const metrics = { trainSSE, freeEnergyGap, stackSSE, seconds: (performance.now() - started) / 1000 };
    job.emit({ type: 'epoch', phase: job.phase, epoch: epoch + 1, metrics });
    await job.onEpochEnd(epoch, metrics);
    await yieldAndCheck(job.signal);
  }
}
