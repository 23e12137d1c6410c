import type * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../shared/config.ts';
import type { PipelineListener } from '../../shared/events.ts';
import type { Dataset } from '../data/types.ts';
import type { ProgressTracker } from '../progress.ts';
import type { Checkpoint, CheckpointSink } from '../run-types.ts';
import type { PipelineProgress } from './state.ts';

/** What every stage of one experiment shares. */
export interface StageContext {
  config: ExperimentConfig;
  data: Dataset;
  trainTensor: tf.Tensor2D;
  testTensor: tf.Tensor2D;
  emit: PipelineListener;
  tracker: ProgressTracker;
  signal?: AbortSignal;
  progress: PipelineProgress;
  resume?: Checkpoint;
  /** Blobs that stay in every later checkpoint (trained RBMs, finished arms). */
  retainedBlobs: Record<string, Float32Array>;
  checkpoints?: CheckpointSink;
  /** Indices of the fixed test digits shown as reconstructions. */
  panelDigits: number[];
}

/** Saves a checkpoint with the retained blobs plus this stage's in-flight ones. */
export async function saveCheckpoint(ctx: StageContext, position: string, blobs: Record<string, Float32Array>): Promise<void> {
  if (!ctx.checkpoints) return;
  await ctx.checkpoints.save({
    version: 1,
    position,
    meta: { progress: structuredClone(ctx.progress) },
    blobs: { ...ctx.retainedBlobs, ...blobs },
  });
}
