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
  /** How long, once the run has ended, to keep retrying writes held back by another process's lock. */
  lockWaitMs?: number;
  /** Record the new experiment as member `index` of the seed group `id`. */
  group?: { id: number; index: number };
}

/** A finished run: `unstored` names the writes the history could not take (empty when all went in). */
export interface RecordedRun {
  id: number;
  summary: ExperimentSummary;
  unstored: string[];
}

const DEFAULT_LOCK_WAIT_MS = 60_000;

/** The new experiment's row; behind a lock it waits up to `lockWaitMs` (or until the run is cancelled), then fails naming the file. */
async function createExperiment(store: Store, config: ExperimentConfig, options: RecordRunOptions, lockWaitMs: number): Promise<number> {
  const giveUp = () => store.writes.abandon();
  const timer = setTimeout(giveUp, lockWaitMs);
  options.signal?.addEventListener('abort', giveUp);
  try {
    return await store.writes.perform('the new experiment', () =>
      store.createExperiment({ config, name: options.name, tags: options.tags, status: 'running', ownerPid: process.pid, group: options.group }),
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', giveUp);
  }
}

/**
 * Runs an experiment in this process (the CLI's `workbench run`) and records it in the
 * history like the app's runner does: a row owned by this process, metrics and checkpoint
 * each epoch in one transaction, final weights, and the final status (done, cancelled, failed).
 * Every write goes through `store.writes`: while another process holds the history's lock,
 * training goes on and the writes wait, in order, to be retried.
 */
export async function recordRun(store: Store, config: ExperimentConfig, run: RunFunction, options: RecordRunOptions = {}): Promise<RecordedRun> {
  const writes = store.writes;
  const lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const id = options.resumeId ?? (await createExperiment(store, config, options, lockWaitMs));
  const resume = options.resumeId !== undefined ? store.checkpoint(id) : undefined;
  writes.submit(`status of experiment ${id}: running`, () => store.setStatus(id, 'running', null, process.pid));
  options.onCreated?.(id);
  const recorder = new RunRecorder(store, id);
  const controller = new AbortController();
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward);
  if (options.signal?.aborted) controller.abort();
  const poll = setInterval(() => {
    try {
      if (store.cancelRequested(id)) controller.abort();
      // A heartbeat behind a lock says nothing; the epoch writes waiting with it carry one.
      else if (writes.waiting === 0) writes.submit(`heartbeat of experiment ${id}`, () => store.heartbeat(id));
    } catch (error) {
      options.onEvent?.({ type: 'log', level: 'warn', message: (error as Error).message });
    }
  }, options.pollMs ?? 1000);
  const settle = async (status: 'done' | 'cancelled' | 'failed', message: string | null): Promise<string[]> => {
    writes.submit(`status of experiment ${id}: ${status}`, () => store.setStatus(id, status, message));
    return writes.drain(lockWaitMs);
  };
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
    clearInterval(poll);
    recorder.keepFinalWeights();
    return { id, summary, unstored: await settle('done', null) };
  } catch (error) {
    clearInterval(poll);
    recorder.flush();
    const unstored = await settle(error instanceof RunCancelledError ? 'cancelled' : 'failed', error instanceof RunCancelledError ? null : ((error as Error).message ?? String(error)));
    if (unstored.length > 0) (error as Error).message += `\n${unstoredText(store.path, unstored)}`;
    throw error;
  } finally {
    clearInterval(poll);
    options.signal?.removeEventListener('abort', forward);
  }
}

/** The lines that tell the user which writes the history did not take. */
export function unstoredText(path: string, unstored: string[]): string {
  return [`${unstored.length} write(s) could not be stored in the history ${path}:`, ...unstored.map((u) => `  ${u}`)].join('\n');
}
