import type { ExperimentConfig } from '../shared/config.ts';
import type { PipelineListener } from '../shared/events.ts';
import type { ExperimentData } from './pipeline/data.ts';

/**
 * Everything needed to continue a run where it stopped. `meta` is JSON; `blobs` are the
 * float32 tensors (weights, biases, momentum and optimizer state) by name.
 */
export interface Checkpoint {
  version: 1;
  /** Human-readable position, e.g. `pretrain:2 epoch 7` or `finetune:random epoch 3`. */
  position: string;
  meta: Record<string, unknown>;
  blobs: Record<string, Float32Array>;
}

export interface CheckpointSink {
  /** Called at least once per epoch; the pipeline waits for it before going on. */
  save(checkpoint: Checkpoint): void | Promise<void>;
}

export interface RunOptions {
  onEvent: PipelineListener;
  /** Aborting stops the run at the next batch with a RunCancelledError. */
  signal?: AbortSignal;
  checkpoints?: CheckpointSink;
  /** The last checkpoint of an interrupted run with the same config. */
  resume?: Checkpoint;
  /** Where the engine may write figures (PNG/SVG); optional. */
  outputDir?: string;
  /**
   * Fine-tune the random arm on a second thread while the main one pretrains (default: when the
   * machine has more than one core). The numbers are the same either way.
   */
  parallel?: boolean;
  /** The experiment's images, already loaded (the engine window reads no files: the main process sends them). */
  data?: ExperimentData;
}

export class RunCancelledError extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelledError';
  }
}

export type { ExperimentConfig };
