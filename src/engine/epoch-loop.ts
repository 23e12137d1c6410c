import * as tf from '@tensorflow/tfjs';
import type { PipelineListener } from '../shared/events.ts';
import { batchRanges, gatherBatch } from './batches.ts';
import { yieldAndCheck } from './cancellation.ts';
import type { RowMatrix } from './row-matrix.ts';
import type { ProgressSink } from './progress.ts';

/** What every epoch-by-epoch training job (an RBM layer, an arm) is given besides its model. */
export interface EpochJob {
  phase: string;
  seed: number;
  /** Epochs already done (a resumed run starts here). */
  startEpoch: number;
  emit: PipelineListener;
  tracker: ProgressSink;
  signal?: AbortSignal;
  onEpochEnd(epoch: number, metrics: Record<string, number>): Promise<void>;
}

export interface EpochPass {
  data: RowMatrix;
  /** Row order of this epoch. */
  order: Int32Array;
  batchSize: number;
  /** One update on a batch; returns scalars (summed over the batch) that the pass totals. */
  step(batch: tf.Tensor2D): tf.Scalar[];
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
  try {
    for (let b = 0; b < ranges.length; b++) {
      const [start, end] = ranges[b];
      const batch = gatherBatch(pass.data, pass.order, start, end);
      const values = pass.step(batch);
      batch.dispose();
      const next = totals ? values.map((v, i) => tf.add(totals![i], v) as tf.Scalar) : values.map((v) => tf.clone(v));
      tf.dispose([...(totals ?? []), ...values]);
      totals = next;
      pass.onBatch(end - start);
      if (b % YIELD_EVERY_BATCHES === YIELD_EVERY_BATCHES - 1) await yieldAndCheck(pass.signal);
    }
    return (totals ?? []).map((t) => t.dataSync()[0]);
  } finally {
    tf.dispose(totals ?? []);
  }
}
