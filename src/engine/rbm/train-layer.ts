import * as tf from '@tensorflow/tfjs';
import type { PretrainConfig } from '../../shared/config.ts';
import { yieldAndCheck } from '../cancellation.ts';
import { runEpochPass, type EpochJob } from '../epoch-loop.ts';
import { randomFor } from '../epoch-random.ts';
import type { RowMatrix } from '../row-matrix.ts';
import { contrastiveDivergenceStep, seededNoise } from './contrastive-divergence.ts';
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
  const { rbm, input, settings } = job;
  const count = input.rows;
  for (let epoch = job.startEpoch; epoch < settings.epochs; epoch++) {
    const rng = randomFor(job.seed, job.phase, epoch);
    const order = rng.permutation(count);
    const noise = seededNoise(rng);
    const momentum = epoch < settings.momentum.switchEpoch ? settings.momentum.initial : settings.momentum.final;
    const cd = { learningRate: job.learningRate, momentum, weightDecay: settings.weightDecay, k: settings.cdK };
    const started = performance.now();
    const [errorSum] = await runEpochPass({
      data: input,
      order,
      batchSize: settings.batchSize,
      step: (batch) => [contrastiveDivergenceStep(rbm, batch, cd, noise)],
      onBatch: (samples) => job.tracker.advance(job.phase, samples),
      signal: job.signal,
    });
    const trainSSE = errorSum / count;
    const gap = tf.tidy(() => tf.sub(rbm.meanFreeEnergy(job.monitorHeldOut), rbm.meanFreeEnergy(job.monitorTrain)));
    const freeEnergyGap = gap.dataSync()[0];
    gap.dispose();
    const stackSSE = stackReconstructionError([...job.below, rbm], job.monitorPixels, job.monitorTrain);
    const metrics = { trainSSE, freeEnergyGap, stackSSE, seconds: (performance.now() - started) / 1000 };
    job.emit({ type: 'epoch', phase: job.phase, epoch: epoch + 1, metrics });
    await job.onEpochEnd(epoch, metrics);
    await yieldAndCheck(job.signal);
  }
}
