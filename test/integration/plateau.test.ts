import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { runExperiment } from '../../src/engine/pipeline.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { validateConfig } from '../../src/shared/validate.ts';
import { atEpochEnd, runCancelledAt } from '../support/cancelled-run.ts';

function plateauConfig(plateau: NonNullable<ExperimentConfig['finetune']['untilPlateau']>): ExperimentConfig {
  const config = clonePreset('smoke');
  config.seed = 6;
  config.dataset.trainSize = 300;
  config.dataset.testSize = 100;
  config.layers = [784, 32, 6];
  config.arms = ['random'];
  config.baselines = [];
  config.pretrain.epochs = 1;
  config.finetune.epochs = 99; // unused when training to a plateau
  config.finetune.untilPlateau = plateau;
  config.evaluation.tsne.points = 0;
  config.evaluation.reconstructions = false;
  config.evaluation.logreg.iterations = 20;
  config.backend = 'wasm';
  return config;
}

type EpochEvent = Extract<PipelineEvent, { type: 'epoch' }>;

describe('fine-tuning until the held-out error stops improving', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('stops `patience` epochs after the last improvement, trains on the training set less the held-out images, and records it', async () => {
    const events: PipelineEvent[] = [];
    // No improvement can be as large as 1,000 per image: the first epoch is the best, and one more epoch ends it.
    const summary = await runExperiment(plateauConfig({ patience: 1, maxEpochs: 6, minDelta: 1000, validationSize: 100 }), { parallel: false, onEvent: (e) => events.push(e) });
    const start = events.find((e) => e.type === 'phase-start' && e.phase === 'finetune:random') as Extract<PipelineEvent, { type: 'phase-start' }>;
    expect(start.samplesPerEpoch).toBe(200);
    expect(start.epochs).toBe(6);
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch' && e.phase === 'finetune:random');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // The held-out error is its own figure, not the test error.
    expect(epochs[0].metrics.validationSSE).toBeGreaterThan(0);
    expect(epochs[0].metrics.validationSSE).not.toBe(epochs[0].metrics.testSSE);
    const random = summary.arms.random!;
    expect(random.epochs).toBe(2);
    expect(random.plateau).toEqual({ bestEpoch: 1, validationSSE: epochs[0].metrics.validationSSE, validationImages: 100, stoppedEarly: true });
  }, 60_000);

  it('trains to the cap while the error keeps improving, and resumes to the same figures', async () => {
    const config = plateauConfig({ patience: 2, maxEpochs: 4, minDelta: 0, validationSize: 100 });
    const reference = await runExperiment(config, { parallel: false, onEvent: () => {} });
    expect(reference.arms.random!.epochs).toBe(4);
    expect(reference.arms.random!.plateau!.stoppedEarly).toBe(false);
    const { last } = await runCancelledAt(config, atEpochEnd('finetune:random', 2), { parallel: false });
    const resumed = await runExperiment(config, { resume: last, parallel: false, onEvent: () => {} });
    expect(resumed.arms.random!.testSSE).toBe(reference.arms.random!.testSSE);
    expect(resumed.arms.random!.plateau).toEqual(reference.arms.random!.plateau);
  }, 60_000);

  it('names the field for bad plateau settings', () => {
    const config = plateauConfig({ patience: 0, maxEpochs: 5, minDelta: -1, validationSize: 280 });
    const result = validateConfig(config);
    expect(result.ok).toBe(false);
    const paths = result.errors.map((e) => `${e.path}: ${e.message}`);
    expect(paths).toContain('finetune.untilPlateau.patience: must be at least 1');
    expect(paths).toContain('finetune.untilPlateau.minDelta: must be at least 0');
    const tooMany = validateConfig(plateauConfig({ patience: 1, maxEpochs: 5, minDelta: 0, validationSize: 280 }));
    expect(tooMany.errors.map((e) => `${e.path}: ${e.message}`)).toContain(
      'finetune.untilPlateau.validationSize: must leave at least one batch to train on: at most dataset.trainSize - finetune.batchSize (250)',
    );
  });
});
