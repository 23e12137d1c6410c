import type { ArmName, ExperimentConfig } from '../../shared/config.ts';
import type { PipelineEvent } from '../../shared/events.ts';
import type { Checkpoint } from '../run-types.ts';
import type { ArmProgress } from './state.ts';

export interface ArmWorkerData {
  config: ExperimentConfig;
  arm: ArmName;
  /** The arm's progress and blobs from the checkpoint being resumed, if any. */
  resume?: Checkpoint;
}

export type ArmWorkerMessage =
  | { type: 'event'; event: PipelineEvent }
  | { type: 'samples'; phase: string; samples: number }
  | { type: 'checkpoint'; state: ArmProgress; blobs: Record<string, Float32Array> }
  | { type: 'finished'; state: ArmProgress; params: Float32Array[] }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; stack?: string };

export type ArmWorkerCommand = { type: 'cancel' };
