import * as tf from '@tensorflow/tfjs';
import type { PretrainConfig } from '../../shared/config.ts';
import { yieldAndCheck } from '../cancellation.ts';
import { runEpochPass, type EpochJob } from '../epoch-loop.ts';
import { randomFor } from '../epoch-random.ts';
import { residentCopy } from '../resident-rows.ts';
import type { RowMatrix } from '../row-matrix.ts';
import { contrastiveDivergenceStep, seededNoise } from './contrastive-divergence.ts';
import { readScalar } from '../read-back.ts';
import type { Rbm } from './rbm.ts';
import { stackReconstructionError } from './stack.ts';

export interface RbmLayerTraining extends EpochJob {
  rbm: Rbm;
  /** The training set as this layer sees it: hidden probabilities of the layer below. */
  input: RowMatrix;
  /** Monitors at this layer's input (`monitorPixels` and held-out images passed up through `below`). */
  monitorTrain: tf.Tensor2D;
  monitorHeldOut: tf.Tensor2D;
  /** Monitor training images as pixels, and the layers below, for the whole-stack measure. */
  monitorPixels: tf.Tensor2D;
  below: Rbm[];
  learningRate: number;
  settings: PretrainConfig;
}

/** Trains one RBM of the stack with CD-k for the configured epochs, emitting per-epoch metrics. */
export async function trainRbmLayer(job: RbmLayerTraining): Promise<void> {
  const { input, settings } = job;
  const resident = job.startEpoch < settings.epochs ? residentCopy(input) : undefined;
  const clockStart = performance.now() - (job.elapsedSeconds ?? 0) * 1000;
  try {
    for (let epoch = job.startEpoch; epoch < settings.epochs; epoch++) {
      await trainEpoch(job, epoch, resident, clockStart);
    }
  } finally {
    resident?.dispose();
  }
}

/**
 * One epoch of CD-k over the layer's input, then its metrics and checkpoint. `seconds` is the epoch's
 * training pass; `elapsedSeconds` the layer's training time so far, measured from `clockStart`.
 */
async function trainEpoch(job: RbmLayerTraining, epoch: number, resident: tf.Tensor2D | undefined, clockStart: number): Promise<void> {
  const { rbm, input, settings } = job;
  const count = input.rows;
  const rng = randomFor(job.seed, job.phase, epoch);
  const order = rng.permutation(count);
  const noise = seededNoise(rng);
  const momentum = epoch < settings.momentum.switchEpoch ? settings.momentum.initial : settings.momentum.final;
  const cd = { learningRate: job.learningRate, momentum, weightDecay: settings.weightDecay, k: settings.cdK };
  const started = performance.now();
  const [errorSum] = await runEpochPass({
    data: input,
    resident,
    order,
    batchSize: settings.batchSize,
    step: (batch) => [contrastiveDivergenceStep(rbm, batch, cd, noise)],
    onBatch: (samples) => job.tracker.advance(job.phase, samples),
    signal: job.signal,
  });
  const trainSSE = errorSum / count;
  const gap = tf.tidy(() => tf.sub(rbm.meanFreeEnergy(job.monitorHeldOut), rbm.meanFreeEnergy(job.monitorTrain)));
  const freeEnergyGap = await readScalar(gap).finally(() => gap.dispose());
  const stackSSE = await stackReconstructionError([...job.below, rbm], job.monitorPixels, job.monitorTrain);
  const ended = performance.now();
  const metrics = { trainSSE, freeEnergyGap, stackSSE, seconds: (ended - started) / 1000, elapsedSeconds: (ended - clockStart) / 1000 };
  job.emit({ type: 'epoch', phase: job.phase, epoch: epoch + 1, metrics });
  await job.onEpochEnd(epoch, metrics);
  await yieldAndCheck(job.signal);
}
