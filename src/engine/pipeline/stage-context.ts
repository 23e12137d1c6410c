import type { ExperimentConfig } from '../../shared/config.ts';
import type { PipelineListener } from '../../shared/events.ts';
import type { Dataset } from '../data/types.ts';
import type { ProgressSink } from '../progress.ts';
import type { RowMatrix } from '../row-matrix.ts';
import type { Checkpoint, CheckpointSink } from '../run-types.ts';
import type { PipelineProgress } from './state.ts';

/** What every stage of one experiment shares. */
export interface StageContext {
  config: ExperimentConfig;
  data: Dataset;
  /** The images as matrices over data.train / data.test's arrays (no copies). */
  trainRows: RowMatrix;
  testRows: RowMatrix;
  emit: PipelineListener;
  tracker: ProgressSink;
  signal?: AbortSignal;
  progress: PipelineProgress;
  resume?: Checkpoint;
  /** Blobs that stay in every later checkpoint (trained RBMs, finished arms). */
  retainedBlobs: Record<string, Float32Array>;
  /** The latest state of each stage still running (pretraining, an arm), by stage. */
  inflightBlobs: Record<string, Record<string, Float32Array>>;
  checkpoints?: CheckpointSink;
  /** Indices of the fixed test digits shown as reconstructions. */
  panelDigits: number[];
}

/**
 * Saves a checkpoint: the retained blobs plus the latest in-flight state of every running
 * stage, `blobs` replacing this stage's (an empty object once the stage has finished).
 */
export async function saveCheckpoint(ctx: StageContext, position: string, stage: string, blobs: Record<string, Float32Array>): Promise<void> {
  if (Object.keys(blobs).length > 0) ctx.inflightBlobs[stage] = blobs;
  else delete ctx.inflightBlobs[stage];
  if (!ctx.checkpoints) return;
  await ctx.checkpoints.save({
    version: 1,
    position,
    meta: { progress: structuredClone(ctx.progress) },
    blobs: Object.assign({}, ctx.retainedBlobs, ...Object.values(ctx.inflightBlobs)),
  });
}
