import type { ExperimentConfig } from '../../shared/config.ts';
import type { PipelineListener } from '../../shared/events.ts';
import type { ExperimentSummary } from '../../shared/results.ts';
import { RunCancelledError } from '../../engine/run-types.ts';
import { RunRecorder } from '../store/run-recorder.ts';
import type { Store } from '../store/store.ts';
import type { RunFunction } from './worker-protocol.ts';

export interface RecordRunOptions {
  name?: string;
  tags?: string[];
  onEvent?: PipelineListener;
  signal?: AbortSignal;
  /** Continue this experiment from its last checkpoint instead of creating a new one. */
  resumeId?: number;
  /** Called with the new experiment's id before the run starts. */
  onCreated?: (id: number) => void;
  /** How often to look for a `workbench cancel` from another process. */
  pollMs?: number;
}

/**
 * Runs an experiment in this process (the CLI's `workbench run`) and records it in the
 * history like the app's runner does: a row owned by this process, metrics and checkpoint
 * each epoch in one transaction, final weights, and the final status (done, cancelled, failed).
 */
export async function recordRun(
  store: Store,
  config: ExperimentConfig,
  run: RunFunction,
  options: RecordRunOptions = {},
): Promise<{ id: number; summary: ExperimentSummary }> {
  const id = options.resumeId ?? store.createExperiment({ config, name: options.name, tags: options.tags, status: 'running', ownerPid: process.pid });
  const resume = options.resumeId !== undefined ? store.checkpoint(id) : undefined;
  store.setStatus(id, 'running', null, process.pid);
  options.onCreated?.(id);
  const recorder = new RunRecorder(store, id);
  const controller = new AbortController();
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward);
  if (options.signal?.aborted) controller.abort();
  const poll = setInterval(() => {
    if (store.cancelRequested(id)) controller.abort();
    else store.heartbeat(id);
  }, options.pollMs ?? 1000);
  try {
    const summary = await run(config, {
      onEvent: (event) => {
        recorder.onEvent(event);
        options.onEvent?.(event);
      },
      signal: controller.signal,
      checkpoints: recorder,
      resume,
    });
    recorder.keepFinalWeights();
    store.setStatus(id, 'done');
    return { id, summary };
  } catch (error) {
    recorder.flush();
    if (error instanceof RunCancelledError) store.setStatus(id, 'cancelled');
    else store.setStatus(id, 'failed', (error as Error).message ?? String(error));
    throw error;
  } finally {
    clearInterval(poll);
    options.signal?.removeEventListener('abort', forward);
  }
}
