import * as tf from '@tensorflow/tfjs';
import type { FinetuneConfig } from '../../shared/config.ts';
import type { PipelineListener } from '../../shared/events.ts';
import { batchRanges, gatherBatch } from '../batches.ts';
import { yieldAndCheck } from '../cancellation.ts';
import { randomFor } from '../epoch-random.ts';
import type { ProgressSink } from '../progress.ts';
import type { BatchUpdater } from './batch-update.ts';
import { reconstructionErrorPerImage } from './evaluate.ts';
import type { Autoencoder } from './network.ts';

export interface ArmTraining {
  phase: string;
  net: Autoencoder;
  updater: BatchUpdater;
  train: tf.Tensor2D;
  test: tf.Tensor2D;
  settings: FinetuneConfig;
  seed: number;
  startEpoch: number;
  emit: PipelineListener;
  tracker: ProgressSink;
  signal?: AbortSignal;
  onEpochEnd(epoch: number, metrics: Record<string, number>): Promise<void>;
}

const YIELD_EVERY_BATCHES = 10;

/**
 * Fine-tunes an autoencoder for the configured epochs. Every arm draws its batch order from the
 * same seeded stream (`finetune`, epoch), so pretrained and random arms see identical data order.
 */
export async function fineTune(job: ArmTraining): Promise<void> {
  const { net, train, settings } = job;
  const count = train.shape[0];
  const ranges = batchRanges(count, settings.batchSize);
  for (let epoch = job.startEpoch; epoch < settings.epochs; epoch++) {
    const order = randomFor(job.seed, 'finetune', epoch).permutation(count);
    let lossSum: tf.Scalar = tf.scalar(0);
    let errorSum: tf.Scalar = tf.scalar(0);
    const started = performance.now();
    for (let b = 0; b < ranges.length; b++) {
      const [start, end] = ranges[b];
      const batch = gatherBatch(train, order, start, end);
      const outcome = job.updater.update(net, batch);
      batch.dispose();
      const nextLoss = tf.add(lossSum, outcome.lossSum) as tf.Scalar;
      const nextError = tf.add(errorSum, outcome.squaredErrorSum) as tf.Scalar;
      [lossSum, errorSum, outcome.lossSum, outcome.squaredErrorSum].forEach((t) => t.dispose());
      lossSum = nextLoss;
      errorSum = nextError;
      job.tracker.advance(job.phase, end - start);
      if (b % YIELD_EVERY_BATCHES === YIELD_EVERY_BATCHES - 1) await yieldAndCheck(job.signal);
    }
    const trainLoss = lossSum.dataSync()[0] / count;
    const trainSSE = errorSum.dataSync()[0] / count;
    lossSum.dispose();
    errorSum.dispose();
    const seconds = (performance.now() - started) / 1000;
    const testSSE = reconstructionErrorPerImage(net, job.test);
    const metrics = { trainLoss, trainSSE, testSSE, seconds };
    job.emit({ type: 'epoch', phase: job.phase, epoch: epoch + 1, metrics });
    await job.onEpochEnd(epoch, metrics);
    await yieldAndCheck(job.signal);
  }
}
