import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { runExperiment } from '../../src/engine/pipeline.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { atEpochEnd, runCancelledAt } from '../support/cancelled-run.ts';

type EpochEvent = Extract<PipelineEvent, { type: 'epoch' }>;

function tinyConfig(): ExperimentConfig {
  const config = clonePreset('smoke');
  config.seed = 11;
  config.dataset.trainSize = 200;
  config.dataset.testSize = 60;
  config.layers = [784, 32, 16, 4];
  config.pretrain.epochs = 3;
  config.finetune.epochs = 3;
  config.arms = ['pretrained'];
  config.evaluation.tsne.points = 0;
  config.evaluation.logreg.iterations = 20;
  config.backend = 'wasm';
  return config;
}

function epochsOf(events: PipelineEvent[], phase: string): EpochEvent[] {
  return events.filter((e): e is EpochEvent => e.type === 'epoch' && e.phase === phase);
}

describe('elapsedSeconds, the training time of a phase at each epoch end', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('grows by at least each epoch pass and continues from the checkpoint after a resume', async () => {
    const config = tinyConfig();
    const { events, last } = await runCancelledAt(config, atEpochEnd('pretrain:2', 2), { parallel: false });
    expect(last.position).toBe('pretrain:2 epoch 2');
    for (const phase of ['pretrain:1', 'pretrain:2']) {
      const epochs = epochsOf(events, phase);
      // Cumulative: never less than the sum of the epoch passes so far (the pass is part of the epoch's time).
      let passes = 0;
      let previous = 0;
      for (const e of epochs) {
        passes += e.metrics.seconds;
        expect(e.metrics.elapsedSeconds).toBeGreaterThanOrEqual(passes - 1e-9);
        expect(e.metrics.elapsedSeconds).toBeGreaterThan(previous);
        previous = e.metrics.elapsedSeconds;
      }
    }
    const beforeCancel = epochsOf(events, 'pretrain:2')[1].metrics.elapsedSeconds;

    const { events: resumedEvents, last: finetuneCheckpoint } = await runCancelledAt(config, atEpochEnd('finetune:pretrained', 2), { resume: last, parallel: false });
    const resumedLayer2 = epochsOf(resumedEvents, 'pretrain:2');
    expect(resumedLayer2.map((e) => e.epoch)).toEqual([3]);
    // Epoch 3 counts on from the checkpoint's epoch 2 by at least its own pass.
    expect(resumedLayer2[0].metrics.elapsedSeconds).toBeGreaterThanOrEqual(beforeCancel + resumedLayer2[0].metrics.seconds - 1e-9);
    // A layer that starts after the resume starts its own clock: its first epoch is about one epoch's time.
    const layer3 = epochsOf(resumedEvents, 'pretrain:3');
    expect(layer3[0].metrics.elapsedSeconds).toBeLessThan(layer3[0].metrics.seconds + 5);

    expect(finetuneCheckpoint.position).toBe('finetune:pretrained epoch 2');
    const armBefore = epochsOf(resumedEvents, 'finetune:pretrained')[1].metrics.elapsedSeconds;
    const finalEvents: PipelineEvent[] = [];
    await runExperiment(config, { resume: finetuneCheckpoint, parallel: false, onEvent: (e) => finalEvents.push(e) });
    const resumedArm = epochsOf(finalEvents, 'finetune:pretrained');
    expect(resumedArm.map((e) => e.epoch)).toEqual([3]);
    expect(resumedArm[0].metrics.elapsedSeconds).toBeGreaterThanOrEqual(armBefore + resumedArm[0].metrics.seconds - 1e-9);
  }, 120_000);
});
