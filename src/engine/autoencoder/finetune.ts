import type { FinetuneConfig } from '../../shared/config.ts';
import { yieldAndCheck } from '../cancellation.ts';
import { runEpochPass, type EpochJob } from '../epoch-loop.ts';
import { randomFor } from '../epoch-random.ts';
import { residentCopy } from '../resident-rows.ts';
import type { RowMatrix } from '../row-matrix.ts';
import type { BatchUpdater } from './batch-update.ts';
import { reconstructionErrorPerImage } from './evaluate.ts';
import type { Autoencoder } from './network.ts';

export interface ArmTraining extends EpochJob {
  net: Autoencoder;
  updater: BatchUpdater;
  train: RowMatrix;
  test: RowMatrix;
  settings: FinetuneConfig;
  /** Training images held out to watch for a plateau: their error is measured after every epoch. */
  validation?: RowMatrix;
  /** Asked before every epoch: true ends training (the error has stopped improving). */
  shouldStop?: () => boolean;
}

export interface FinetuneEpochMetrics {
  trainLoss: number;
  trainSSE: number;
  testSSE: number;
  /** Squared error per image on the held-out training images, when the arm trains to a plateau. */
  validationSSE?: number;
  /** This epoch's training pass. */
  seconds: number;
  /** The arm's training time up to the end of this epoch, counted on from a resumed checkpoint's. */
  elapsedSeconds: number;
}

/**
 * Fine-tunes an autoencoder for the configured epochs, or until `shouldStop` says so. Every arm draws its batch order from the
 * same seeded stream (`finetune`, epoch), so pretrained and random arms see identical data order.
 * Returns the last epoch's metrics (undefined when no epoch was left to run).
 */
export async function fineTune(job: ArmTraining): Promise<FinetuneEpochMetrics | undefined> {
  let last: FinetuneEpochMetrics | undefined;
  const { net, train, settings } = job;
  const count = train.rows;
  const resident = job.startEpoch < settings.epochs ? residentCopy(train) : undefined;
  const residentTest = resident ? residentCopy(job.test) : undefined;
  const clockStart = performance.now() - (job.elapsedSeconds ?? 0) * 1000;
  try {
    for (let epoch = job.startEpoch; epoch < settings.epochs; epoch++) {
      if (job.shouldStop?.()) break;
      const order = randomFor(job.seed, 'finetune', epoch).permutation(count);
      const started = performance.now();
      const [lossSum, errorSum] = await runEpochPass({
        data: train,
        resident,
        order,
        batchSize: settings.batchSize,
        step: async (batch) => {
          const outcome = await job.updater.update(net, batch);
          return [outcome.lossSum, outcome.squaredErrorSum];
        },
        onBatch: (samples) => job.tracker.advance(job.phase, samples),
        signal: job.signal,
      });
      const trainLoss = lossSum / count;
      const trainSSE = errorSum / count;
      const seconds = (performance.now() - started) / 1000;
      const testSSE = await reconstructionErrorPerImage(net, job.test, residentTest);
      const validationSSE = job.validation ? await reconstructionErrorPerImage(net, job.validation) : undefined;
      const elapsedSeconds = (performance.now() - clockStart) / 1000;
      const metrics = { trainLoss, trainSSE, testSSE, seconds, elapsedSeconds, ...(validationSSE === undefined ? {} : { validationSSE }) };
      last = metrics;
      job.emit({ type: 'epoch', phase: job.phase, epoch: epoch + 1, metrics });
      await job.onEpochEnd(epoch, metrics);
      await yieldAndCheck(job.signal);
    }
  } finally {
    resident?.dispose();
    residentTest?.dispose();
  }
  return last;
}
