import type { Worker } from 'node:worker_threads';
import { sharedFloat32 } from '../data/types.ts';
import { startModuleWorker, workerScript } from '../workers/module-worker.ts';
import type { DataParallelJob, DataParallelMessage, DataParallelWorkerData, StepTimings } from './data-parallel-protocol.ts';
import { SharedBarrier } from './shared-barrier.ts';

export interface DataParallelRun extends DataParallelJob {
  workers: number;
  returnParams?: boolean;
}

export interface DataParallelOutcome {
  /** Wall seconds from the start signal until every worker finished its timed steps. */
  seconds: number;
  lossSum: number;
  /** Per worker. */
  timings: StepTimings[];
  /** Per worker, when asked for. */
  params?: Float32Array[][];
}

function sharedCopy<T extends Float32Array | Int32Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  if (values instanceof Float32Array) {
    const copy = sharedFloat32(values.length);
    copy.set(values);
    return copy as T;
  }
  const copy = new Int32Array(new SharedArrayBuffer(values.byteLength));
  copy.set(values);
  return copy as T;
}

function nextMessage(worker: Worker, expected: 'ready' | 'done'): Promise<DataParallelMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: DataParallelMessage) => {
      worker.off('error', onError);
      worker.off('message', onMessage);
      if (message.type === 'failed') reject(Object.assign(new Error(`data-parallel worker: ${message.message}`), { stack: message.stack }));
      else if (message.type !== expected) reject(new Error(`data-parallel worker sent ${message.type}, expected ${expected}`));
      else resolve(message);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}

/**
 * Trains `steps` batches with `workers` threads, each holding a copy of the network and computing
 * the gradients of its share of every batch; the main thread only starts them and collects results.
 */
export async function trainDataParallel(run: DataParallelRun): Promise<DataParallelOutcome> {
  if (run.steps * run.batchSize > run.order.length) throw new RangeError(`${run.steps} batches of ${run.batchSize} need ${run.steps * run.batchSize} indices in order (got ${run.order.length})`);
  const paramCount = run.initialParams.reduce((sum, p) => sum + p.length, 0);
  const shared = {
    images: sharedCopy(run.images),
    order: sharedCopy(run.order),
    gradientSlots: new SharedArrayBuffer(2 * run.workers * paramCount * Float32Array.BYTES_PER_ELEMENT),
    paramBuffer: new SharedArrayBuffer(paramCount * Float32Array.BYTES_PER_ELEMENT),
    barrier: SharedBarrier.allocate(),
  };
  const script = workerScript(import.meta.url, './data-parallel-worker.ts', 'data-parallel-worker');
  const workers = Array.from({ length: run.workers }, (_, index) => {
    const data: DataParallelWorkerData = {
      backend: run.backend,
      index,
      workers: run.workers,
      layers: run.layers,
      initialParams: run.initialParams,
      settings: run.settings,
      images: shared.images,
      dim: run.dim,
      order: shared.order,
      batchSize: run.batchSize,
      steps: run.steps,
      warmupSteps: run.warmupSteps,
      gradientSlots: shared.gradientSlots,
      paramBuffer: shared.paramBuffer,
      barrier: shared.barrier,
      exchange: run.exchange,
      returnParams: run.returnParams ?? false,
    };
    return startModuleWorker(script, data);
  });
  try {
    await Promise.all(workers.map((w) => nextMessage(w, 'ready')));
    const finished = workers.map((w) => nextMessage(w, 'done'));
    const clock = performance.now();
    workers.forEach((w) => w.postMessage({ type: 'start' }));
    const results = (await Promise.all(finished)) as Extract<DataParallelMessage, { type: 'done' }>[];
    const seconds = (performance.now() - clock) / 1000;
    return {
      seconds,
      lossSum: results.reduce((sum, r) => sum + r.lossSum, 0),
      timings: results.map((r) => r.timings),
      params: run.returnParams ? results.map((r) => r.params!) : undefined,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
