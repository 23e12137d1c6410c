import type { ArmName, BackendChoice } from '../../shared/config.ts';
import { finetunePhase } from '../../shared/events.ts';
import { Autoencoder } from '../autoencoder/network.ts';
import { activeBackend } from '../backend.ts';
import type { PcaModel } from '../eval/pca.ts';
import { RunCancelledError } from '../run-types.ts';
import { startModuleWorker, workerScript } from '../workers/module-worker.ts';
import type { ArmWorkerData, ArmWorkerMessage } from './arm-worker-protocol.ts';
import { saveCheckpoint, type StageContext } from './stage-context.ts';
import type { ArmProgress } from './state.ts';

/**
 * Work for the second thread while the caller goes on (pretraining, the pretrained arm): an arm that
 * needs no pretraining (the random start), then, if asked, PCA and the baselines. Its events,
 * progress and checkpoints join the run's own. Numbers are the same as on the main thread.
 */
export interface ArmWorkerOutcome {
  /** The trained network, when the worker fine-tuned an arm. */
  net?: Autoencoder;
  /** Its test-set codes, when the worker evaluated it in this run. */
  testCodes?: Float32Array;
  /** When the worker also ran the baselines: their PCA model (results are in ctx.progress). */
  pcaModel?: PcaModel;
}

export function runArmInWorker(ctx: StageContext, arm: ArmName | undefined, withBaselines: boolean): Promise<ArmWorkerOutcome> {
  const { name, source, train, test } = ctx.data;
  const backend = (activeBackend()?.name ?? ctx.config.backend) as BackendChoice;
  const data: ArmWorkerData = { config: ctx.config, backend, arm, data: { name, source, train, test }, resume: ctx.resume, withBaselines };
  const worker = startModuleWorker(workerScript(import.meta.url, './arm-worker.ts', 'arm-worker'), data);
  const phase = arm ? finetunePhase(arm) : 'baselines';
  let saving = Promise.resolve();
  let finished = false;
  return new Promise<ArmWorkerOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => worker.postMessage({ type: 'cancel' });
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal?.aborted) onAbort();
    worker.on('message', (message: ArmWorkerMessage) => {
      switch (message.type) {
        case 'event':
          // The arm's fine-tuning is counted from the samples the worker sends; its other stages from their events.
          if (message.event.type === 'phase-start' && message.event.phase === phase) {
            ctx.tracker.startPhase(phase);
            if (arm && ctx.progress.arms[arm]) ctx.tracker.skip(phase, ctx.progress.arms[arm]!.completedEpochs * ctx.trainRows.rows);
          }
          ctx.emit(message.event);
          break;
        case 'samples':
          ctx.tracker.advance(message.phase, message.samples);
          break;
        case 'checkpoint': {
          if (!arm) break;
          ctx.progress.arms[arm] = message.state;
          const done = message.state.done;
          if (done) Object.assign(ctx.retainedBlobs, message.blobs);
          const position = done ? `${phase} done` : `${phase} epoch ${message.state.completedEpochs}`;
          saving = saving.then(() => saveCheckpoint(ctx, position, phase, done ? {} : message.blobs));
          break;
        }
        case 'finished':
          finished = true;
          if (arm && message.arm) ctx.progress.arms[arm] = message.arm.state;
          Object.assign(ctx.progress.baselines, message.baselines);
          void saving.then(
            () => settle(() => resolve({ net: trainedNet(ctx, arm, message.arm), testCodes: message.arm?.testCodes, pcaModel: message.pcaModel })),
            (error: unknown) => settle(() => reject(error)),
          );
          break;
        case 'cancelled':
          settle(() => reject(new RunCancelledError()));
          break;
        case 'failed': {
          const error = new Error(`${arm ? `${arm} arm` : 'baselines'}: ${message.message}`);
          if (message.stack) error.stack = message.stack;
          settle(() => reject(error));
          break;
        }
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => {
      if (!finished) settle(() => reject(new Error(`${arm ?? 'baselines'} worker stopped unexpectedly (exit code ${code})`)));
    });
  });
}

function trainedNet(ctx: StageContext, arm: ArmName | undefined, trained: { state: ArmProgress; params: Float32Array[] } | undefined): Autoencoder | undefined {
  if (!arm || !trained) return undefined;
  return Autoencoder.fromArrays(ctx.config.layers, trained.params, trained.state.result?.init ?? arm);
}
