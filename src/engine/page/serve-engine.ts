import type { GpuAdapterInfo } from '../../shared/results.ts';
import { runExperiment } from '../pipeline/run-experiment.ts';
import { RunCancelledError, type Checkpoint, type ExperimentConfig, type RunOptions } from '../run-types.ts';
import type { ExperimentSummary } from '../../shared/results.ts';
import { summarizeAdapter, type AdapterInfoLike } from '../webgpu/adapter-info.ts';
import type { EngineChannel, ToEngine } from './protocol.ts';

interface PageGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' }): Promise<{ info?: AdapterInfoLike } | null>;
}

/** The adapter this page's `navigator.gpu` offers, or why there is none. */
export async function probePageAdapter(): Promise<{ adapter?: GpuAdapterInfo; reason?: string }> {
  const gpu = (globalThis as { navigator?: { gpu?: PageGpu } }).navigator?.gpu;
  if (!gpu) return { reason: 'the engine window has no navigator.gpu (WebGPU is off in this Chromium, or the page is not a secure context)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { reason: 'navigator.gpu.requestAdapter() found no adapter (no GPU driver Chromium accepts)' };
    return { adapter: summarizeAdapter(adapter.info ?? {}) };
  } catch (error) {
    return { reason: `navigator.gpu.requestAdapter() failed: ${(error as Error).message}` };
  }
}

/** The engine's runExperiment, or a test's stand-in for it. */
export type EngineRun = (config: ExperimentConfig, options: RunOptions) => Promise<ExperimentSummary>;

/**
 * Runs experiments sent over `channel`, one at a time, with the engine the CLI runs, in one thread
 * (a page has no worker_threads; the second arm runs after the first). Checkpoints wait for the
 * driver's "saved" reply, as in the worker thread.
 */
export function serveEngine(channel: EngineChannel, run: EngineRun = runExperiment): void {
  let controller: AbortController | undefined;
  const savedWaiters = new Map<number, () => void>();
  let seq = 0;

  async function start(message: Extract<ToEngine, { type: 'start' }>): Promise<void> {
    if (controller) {
      channel.send({ type: 'failed', message: 'the engine window is already running an experiment' });
      return;
    }
    const running = new AbortController();
    controller = running;
    try {
      const summary = await run(message.config, {
        onEvent: (event) => channel.send({ type: 'event', event }),
        signal: running.signal,
        resume: message.resume,
        data: message.data,
        parallel: false,
        checkpoints: {
          save: (checkpoint: Checkpoint) =>
            new Promise<void>((resolve) => {
              const id = ++seq;
              savedWaiters.set(id, resolve);
              channel.send({ type: 'checkpoint', seq: id, checkpoint });
            }),
        },
      });
      channel.send({ type: 'finished', summary });
    } catch (error) {
      if (error instanceof RunCancelledError || running.signal.aborted) channel.send({ type: 'cancelled' });
      else channel.send({ type: 'failed', message: (error as Error).message ?? String(error), stack: (error as Error).stack });
    } finally {
      controller = undefined;
    }
  }

  channel.onMessage((message) => {
    if (message.type === 'probe') void probePageAdapter().then((answer) => channel.send({ type: 'adapter', ...answer }));
    else if (message.type === 'start') void start(message);
    else if (message.type === 'cancel') controller?.abort();
    else if (message.type === 'checkpoint-saved') {
      savedWaiters.get(message.seq)?.();
      savedWaiters.delete(message.seq);
    }
  });
  channel.send({ type: 'ready' });
}
