import { parentPort, workerData } from 'node:worker_threads';
import { runTsne } from './tsne.ts';
import type { TsneWorkerInput, TsneWorkerMessage } from './tsne-worker-protocol.ts';

// Entry point of the worker thread started by runTsneInWorker.
const port = parentPort;
if (!port) throw new Error('tsne-worker must run as a worker thread');
const post = (message: TsneWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const { data, count, dim, options } = workerData as TsneWorkerInput;

runTsne(data, count, dim, options, { onProgress: (iteration, kl) => post({ type: 'progress', iteration, kl }) }).then(
  (result) => post({ type: 'done', points: result.points, kl: result.kl }, [result.points.buffer as ArrayBuffer]),
  (error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', name: failure.name, message: failure.message });
  },
);
