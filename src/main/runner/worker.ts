import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { RunCancelledError, type Checkpoint } from '../../engine/run-types.ts';
import type { FromWorker, RunFunction, ToWorker, WorkerData } from './worker-protocol.ts';

/**
 * Runs one experiment off the main thread. The parent owns the database: events and
 * checkpoints are posted to it, and each checkpoint waits for the parent's "saved" reply so
 * that a run killed at any moment has its last acknowledged epoch on disk (or, while another
 * process holds the history's lock, queued in order behind it: training does not wait for a lock).
 */

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const controller = new AbortController();
const savedWaiters = new Map<number, () => void>();
let seq = 0;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

async function loadRunFunction(data: WorkerData): Promise<RunFunction> {
  if (data.pipelineModule) {
    const module = (await import(pathToFileURL(data.pipelineModule).href)) as { runExperiment: RunFunction };
    return module.runExperiment;
  }
  const module = await import('../../engine/pipeline.ts');
  return module.runExperiment as RunFunction;
}

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  try {
    const run = await loadRunFunction((workerData ?? {}) as WorkerData);
    const summary = await run(message.config, {
      onEvent: (event) => post({ type: 'event', event }),
      signal: controller.signal,
      resume: message.resume,
      checkpoints: {
        save: (checkpoint: Checkpoint) =>
          new Promise<void>((resolve) => {
            const id = ++seq;
            savedWaiters.set(id, resolve);
            post({ type: 'checkpoint', seq: id, checkpoint });
          }),
      },
    });
    post({ type: 'finished', summary });
  } catch (error) {
    if (error instanceof RunCancelledError || controller.signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'failed', message: (error as Error).message ?? String(error), stack: (error as Error).stack });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') void start(message);
  else if (message.type === 'cancel') controller.abort();
  else if (message.type === 'checkpoint-saved') {
    savedWaiters.get(message.seq)?.();
    savedWaiters.delete(message.seq);
  }
});
