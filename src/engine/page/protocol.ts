import type { ExperimentConfig } from '../../shared/config.ts';
import type { PipelineEvent } from '../../shared/events.ts';
import type { ExperimentSummary, GpuAdapterInfo } from '../../shared/results.ts';
import type { ExperimentData } from '../pipeline/data.ts';
import type { Checkpoint } from '../run-types.ts';

/**
 * The engine window's messages: the worker thread's protocol (src/main/runner/worker-protocol.ts)
 * plus an adapter probe, and with the dataset's rows in `start`, since a page reads no files.
 */
export type ToEngine =
  | { type: 'probe' }
  | { type: 'start'; config: ExperimentConfig; data: ExperimentData; resume?: Checkpoint }
  | { type: 'cancel' }
  | { type: 'checkpoint-saved'; seq: number };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'adapter'; adapter?: GpuAdapterInfo; reason?: string }
  | { type: 'event'; event: PipelineEvent }
  | { type: 'checkpoint'; seq: number; checkpoint: Checkpoint }
  | { type: 'finished'; summary: ExperimentSummary }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; stack?: string };

/** The one channel between the engine page and whoever drives it (the preload's bridge, or a test's). */
export interface EngineChannel {
  send(message: FromEngine): void;
  onMessage(listener: (message: ToEngine) => void): void;
}

/** The name under which the engine window's preload exposes its channel to the page. */
export const ENGINE_BRIDGE = 'workbenchEngine';
/** The IPC channel between the engine window's preload and the main process. */
export const ENGINE_IPC_CHANNEL = 'workbench:engine';
