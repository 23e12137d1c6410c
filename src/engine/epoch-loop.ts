import * as tf from '@tensorflow/tfjs';
import type { PipelineListener } from '../shared/events.ts';
import { batchRanges, gatherBatch } from './batches.ts';
import { yieldAndCheck } from './cancellation.ts';
import { readScalars } from './read-back.ts';
import { gatherResident, orderTensor } from './resident-rows.ts';
import type { RowMatrix } from './row-matrix.ts';
import type { ProgressSink } from './progress.ts';

/** What every epoch-by-epoch training job (an RBM layer, an arm) is given besides its model. */
export interface EpochJob {
  phase: string;
  seed: number;
  /** Epochs already done (a resumed run starts here). */
  startEpoch: number;
  /** Training seconds the phase had already spent before `startEpoch` (a resumed run's checkpoint); 0 when absent. */
  elapsedSeconds?: number;
  emit: PipelineListener;
  tracker: ProgressSink;
  signal?: AbortSignal;
  onEpochEnd(epoch: number, metrics: Record<string, number>): Promise<void>;
}

export interface EpochPass {
  data: RowMatrix;
  /** `data` already on the device (see residentCopy): batches are gathered there. */
  resident?: tf.Tensor2D;
  /** Row order of this epoch. */
  order: Int32Array;
  batchSize: number;
  /**
   * One update on a batch; returns scalars (summed over the batch) that the pass totals. A step
   * may wait for a read (conjugate gradients reads its line search's values).
   */
  step(batch: tf.Tensor2D): tf.Scalar[] | Promise<tf.Scalar[]>;
  onBatch(samples: number): void;
  signal?: AbortSignal;
}

const YIELD_EVERY_BATCHES = 10;

/**
 * One pass over the data in batches. The per-batch scalars are summed on the backend and read
 * back once at the end, so no batch waits for a transfer; every 10 batches the loop lets queued
 * messages (a cancel) through.
 */
export async function runEpochPass(pass: EpochPass): Promise<number[]> {
  let totals: tf.Scalar[] | undefined;
  const ranges = batchRanges(pass.data.rows, pass.batchSize);
  const order = pass.resident ? orderTensor(pass.order) : undefined;
  try {
    for (let b = 0; b < ranges.length; b++) {
      const [start, end] = ranges[b];
      const batch = pass.resident ? gatherResident(pass.resident, order!, start, end) : gatherBatch(pass.data, pass.order, start, end);
      let values: tf.Scalar[];
      try {
        values = await pass.step(batch);
      } finally {
        batch.dispose();
      }
      const next = totals ? values.map((v, i) => tf.add(totals![i], v) as tf.Scalar) : values.map((v) => tf.clone(v));
      tf.dispose([...(totals ?? []), ...values]);
      totals = next;
      pass.onBatch(end - start);
      if (b % YIELD_EVERY_BATCHES === YIELD_EVERY_BATCHES - 1) await yieldAndCheck(pass.signal);
    }
    return await readScalars(totals ?? []);
  } finally {
    tf.dispose(totals ?? []);
    order?.dispose();
  }
}
