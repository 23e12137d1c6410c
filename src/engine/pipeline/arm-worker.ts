import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend.ts';
import type { ProgressSink } from '../progress.ts';
import { rowMatrix } from '../row-matrix.ts';
import { RunCancelledError } from '../run-types.ts';
import type { ArmWorkerCommand, ArmWorkerData, ArmWorkerMessage } from './arm-worker-protocol.ts';
import { runBaselines } from './baselines.ts';
import { runArm } from './finetune-stage.ts';
import { reconstructionDigits } from './reconstruction-grid.ts';
import type { StageContext } from './stage-context.ts';
import { progressFromCheckpoint } from './state.ts';

/**
 * Fine-tunes one arm and/or scores the baselines on its own thread (its own TensorFlow.js instance,
 * so the second core works while the main thread pretrains). Events, processed samples and per-epoch checkpoints go to the
 * parent, which merges them into the run's stream and checkpoints.
 */
const port = parentPort;
if (!port) throw new Error('arm-worker must run in a worker thread');
const post = (message: ArmWorkerMessage) => port.postMessage(message);
const controller = new AbortController();
port.on('message', (command: ArmWorkerCommand) => {
  if (command.type === 'cancel') controller.abort();
});

const SAMPLES_FLUSH_MS = 200;

function forwardingTracker(): ProgressSink & { flush(): void } {
  const pending = new Map<string, number>();
  let last = performance.now();
  const flush = () => {
    for (const [phase, samples] of pending) post({ type: 'samples', phase, samples });
    pending.clear();
    last = performance.now();
  };
  return {
    skip: () => {},
    startPhase: () => {},
    advance: (phase, samples) => {
      pending.set(phase, (pending.get(phase) ?? 0) + samples);
      if (performance.now() - last > SAMPLES_FLUSH_MS) flush();
    },
    flush,
  };
}

async function main(input: ArmWorkerData): Promise<void> {
  const { config, arm, data } = input;
  await initBackend(input.backend);
  const tracker = forwardingTracker();
  const ctx: StageContext = {
    config,
    data,
    trainRows: rowMatrix(data.train.images, data.train.count, data.train.dim),
    testRows: rowMatrix(data.test.images, data.test.count, data.test.dim),
    emit: (event) => {
      if (event.type !== 'progress') post({ type: 'event', event });
    },
    tracker,
    signal: controller.signal,
    progress: progressFromCheckpoint(input.resume),
    resume: input.resume,
    retainedBlobs: {},
    inflightBlobs: {},
    checkpoints: {
      save: (checkpoint) => {
        tracker.flush();
        if (!arm) return;
        const state = (checkpoint.meta.progress as StageContext['progress']).arms[arm]!;
        const prefix = `arm.${arm}.`;
        const blobs = Object.fromEntries(Object.entries(checkpoint.blobs).filter(([key]) => key.startsWith(prefix)));
        post({ type: 'checkpoint', state, blobs });
      },
    },
    panelDigits: reconstructionDigits(data.test),
  };
  const trainedArm = arm ? await runArm(ctx, arm, []) : undefined;
  tracker.flush();
  const pcaModel = input.withBaselines ? await runBaselines(config, data, ctx.progress, ctx.emit, ctx.signal) : undefined;
  const trained = arm && trainedArm ? { state: ctx.progress.arms[arm]!, params: await trainedArm.net.toArrays(), testCodes: trainedArm.testCodes } : undefined;
  post({ type: 'finished', arm: trained, baselines: ctx.progress.baselines, pcaModel });
  trainedArm?.net.dispose();
}

main(workerData as ArmWorkerData).then(
  () => port.close(),
  (error: unknown) => {
    if (error instanceof RunCancelledError || controller.signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'failed', message: (error as Error).message ?? String(error), stack: (error as Error).stack });
    port.close();
  },
);
