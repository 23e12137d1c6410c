import type { PipelineListener } from '../../shared/events.ts';
import { throwIfCancelled, yieldAndCheck } from '../cancellation.ts';

/** Least time between two progress events of one stage. */
const STEP_EVENT_MS = 200;

/** A stage after training as the events the progress tracker and the live panel follow. */
export interface StageEvents {
  /**
   * `done` of the stage's steps are finished (throttled). Each event waits a turn of the event loop, so
   * a worker's messages and a cancel get through during long work; throws if the run was cancelled.
   */
  step(done: number): Promise<void>;
  end(): void;
}

/**
 * Announces a stage of `steps` steps (L-BFGS iterations, images): `phase-start`, then an `epoch`
 * event without metrics at most every STEP_EVENT_MS with the steps done, then `phase-end`.
 */
export function startStage(emit: PipelineListener, phase: string, steps: number, signal?: AbortSignal): StageEvents {
  emit({ type: 'phase-start', phase, epochs: steps, samplesPerEpoch: 1 });
  const started = performance.now();
  let last = started;
  return {
    async step(done) {
      throwIfCancelled(signal);
      const now = performance.now();
      if (now - last < STEP_EVENT_MS) return;
      last = now;
      emit({ type: 'epoch', phase, epoch: Math.min(done, steps), metrics: {} });
      await yieldAndCheck(signal);
    },
    end() {
      emit({ type: 'phase-end', phase, seconds: (performance.now() - started) / 1000 });
    },
  };
}

/** Runs `work` as the stage `phase`; its step callback reports progress. */
export async function asStage<T>(emit: PipelineListener, phase: string, steps: number, signal: AbortSignal | undefined, work: (step: (done: number) => Promise<void>) => Promise<T>): Promise<T> {
  const stage = startStage(emit, phase, steps, signal);
  const result = await work((done) => stage.step(done));
  stage.end();
  return result;
}
