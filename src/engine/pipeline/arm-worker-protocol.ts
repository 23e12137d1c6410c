import type { ArmName, BackendChoice, ExperimentConfig } from '../../shared/config.ts';
import type { PipelineEvent } from '../../shared/events.ts';
import type { Dataset } from '../data/types.ts';
import type { Checkpoint } from '../run-types.ts';
import type { PcaModel } from '../eval/pca.ts';
import type { ArmProgress, PipelineProgress } from './state.ts';

export interface ArmWorkerData {
  config: ExperimentConfig;
  /** The backend the parent thread resolved (`auto` made concrete): the worker trains on the same one or fails. */
  backend: BackendChoice;
  /** The arm to fine-tune here, if any. */
  arm?: ArmName;
  /** The experiment's images, in shared memory: the worker reads the parent's copy. */
  data: Dataset;
  /** The arm's progress and blobs from the checkpoint being resumed, if any. */
  resume?: Checkpoint;
  /** Fit PCA and score the baselines (after the arm, if any), to balance the two threads. */
  withBaselines: boolean;
}

export type ArmWorkerMessage =
  | { type: 'event'; event: PipelineEvent }
  | { type: 'samples'; phase: string; samples: number }
  | { type: 'checkpoint'; state: ArmProgress; blobs: Record<string, Float32Array> }
  | {
      type: 'finished';
      arm?: { state: ArmProgress; params: Float32Array[]; testCodes?: Float32Array };
      baselines: PipelineProgress['baselines'];
      pcaModel?: PcaModel;
    }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; stack?: string };

export type ArmWorkerCommand = { type: 'cancel' };
