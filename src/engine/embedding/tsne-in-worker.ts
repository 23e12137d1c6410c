import { startModuleWorker, workerScript } from '../workers/module-worker.ts';
import { abortError } from './abort.ts';
import type { TsneHooks, TsneOptions, TsneResult } from './tsne-types.ts';
import type { TsneWorkerInput, TsneWorkerMessage } from './tsne-worker-protocol.ts';

export interface TsneWorkerOptions {
  /** The worker script; defaults to tsne-worker next to this module (.ts under tsx/vitest, .js when built). */
  workerPath?: string;
}

/** The worker entry: tsne-worker.ts beside this module from sources, out/main/tsne-worker.js when built. */
export function defaultTsneWorkerPath(): string {
  return workerScript(import.meta.url, './tsne-worker.ts', 'tsne-worker');
}

/**
 * runTsne on a worker thread, so the calling thread never blocks: progress arrives through
 * hooks.onProgress, and aborting hooks.signal terminates the worker and rejects with an
 * Error named 'AbortError'. The result is identical to runTsne's for the same input.
 */
export function runTsneInWorker(
  data: Float32Array,
  count: number,
  dim: number,
  options: TsneOptions,
  hooks: TsneHooks = {},
  workerOptions: TsneWorkerOptions = {},
): Promise<TsneResult> {
  const { signal, onProgress } = hooks;
  if (signal?.aborted) return Promise.reject(abortError());
  const workerPath = workerOptions.workerPath ?? defaultTsneWorkerPath();
  const input: TsneWorkerInput = { data, count, dim, options };
  const worker = startModuleWorker(workerPath, input);
  return new Promise<TsneResult>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: TsneWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.iteration, message.kl);
      else if (message.type === 'done') finish(() => resolve({ points: message.points, kl: message.kl }));
      else {
        const error = new Error(message.message);
        error.name = message.name;
        finish(() => reject(error));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`t-SNE worker stopped unexpectedly (exit code ${code})`))));
  });
}
