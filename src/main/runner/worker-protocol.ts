import type { ExperimentConfig } from '../../shared/config.ts';
import type { PipelineEvent } from '../../shared/events.ts';
import type { ExperimentSummary } from '../../shared/results.ts';
import type { Checkpoint, RunOptions } from '../../engine/run-types.ts';

/** The engine entry point the runner calls: `runExperiment` of src/engine/pipeline.ts or a stand-in. */
export type RunFunction = (config: ExperimentConfig, options: RunOptions) => Promise<ExperimentSummary>;

export interface WorkerData {
  /** A module exporting `runExperiment` to use instead of the engine's (tests use stand-ins). */
  pipelineModule?: string;
}

export type ToWorker =
  | { type: 'start'; config: ExperimentConfig; resume?: Checkpoint }
  | { type: 'cancel' }
  | { type: 'checkpoint-saved'; seq: number };

export type FromWorker =
  | { type: 'event'; event: PipelineEvent }
  | { type: 'checkpoint'; seq: number; checkpoint: Checkpoint }
  | { type: 'finished'; summary: ExperimentSummary }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; stack?: string };

/**
 * Where a run trains: the worker thread, or anything that speaks its protocol the same way
 * (the desktop app's engine window, src/main/engine-window). The part of a Worker the runner uses.
 */
export interface RunThread {
  postMessage(message: ToWorker): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<unknown>;
}

/** Picks another thread for a run (the engine window), or undefined for the worker thread. */
export type RunThreadChooser = (config: ExperimentConfig) => RunThread | undefined;
