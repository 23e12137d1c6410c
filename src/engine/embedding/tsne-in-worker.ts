import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { abortError } from './abort.ts';
import type { TsneHooks, TsneOptions, TsneResult } from './tsne-types.ts';
import type { TsneWorkerInput, TsneWorkerMessage } from './tsne-worker-protocol.ts';

export interface TsneWorkerOptions {
  /** The worker script; defaults to tsne-worker next to this module (.ts under tsx/vitest, .js when built). */
  workerPath?: string;
}

/** The worker entry that sits beside this module, whether it runs as source (.ts) or built (.js). */
export function defaultTsneWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./tsne-worker${extname(here)}`, import.meta.url));
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
  const worker = startWorker(workerPath, input);
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

/**
 * Built .js workers start directly. TypeScript sources are loaded through tsx's tsImport
 * from a one-line bootstrap, because Node 20 does not apply `--import tsx` loader hooks
 * inside worker threads.
 */
function startWorker(workerPath: string, input: TsneWorkerInput): Worker {
  if (!workerPath.endsWith('.ts')) return new Worker(workerPath, { workerData: input });
  const bootstrap = `import(${JSON.stringify(tsxEsmApiUrl())}).then((tsx) => tsx.tsImport(${JSON.stringify(
    pathToFileURL(workerPath).href,
  )}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(bootstrap, { eval: true, workerData: input });
}

/** The ESM build of `tsx/esm/api` (require.resolve would give the CommonJS one). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
}
