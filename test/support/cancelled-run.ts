import { expect } from 'vitest';
import { runExperiment, RunCancelledError, type Checkpoint, type RunOptions } from '../../src/engine/pipeline.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';

export interface CancelledRun {
  /** Every event the run sent, up to the cancel. */
  events: PipelineEvent[];
  checkpoints: Checkpoint[];
  /** The last checkpoint saved: where a resume starts. */
  last: Checkpoint;
}

/** True for the end of `phase`'s epoch `epoch`. */
export function atEpochEnd(phase: string, epoch: number): (event: PipelineEvent) => boolean {
  return (e) => e.type === 'epoch' && e.phase === phase && e.epoch === epoch;
}

/**
 * Runs `config`, cancels it at the first event `cancelAt` is true for, expects the run to end in a
 * RunCancelledError, and returns its events and the checkpoints it saved.
 */
export async function runCancelledAt(
  config: ExperimentConfig,
  cancelAt: (event: PipelineEvent) => boolean,
  options: Pick<RunOptions, 'parallel' | 'resume'> = {},
): Promise<CancelledRun> {
  const events: PipelineEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  const controller = new AbortController();
  await expect(
    runExperiment(config, {
      ...options,
      signal: controller.signal,
      checkpoints: { save: (c) => void checkpoints.push(c) },
      onEvent: (e) => {
        events.push(e);
        if (cancelAt(e)) controller.abort();
      },
    }),
  ).rejects.toBeInstanceOf(RunCancelledError);
  return { events, checkpoints, last: checkpoints.at(-1)! };
}
