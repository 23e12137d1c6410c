import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { runExperiment } from '../../src/engine/pipeline.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { atEpochEnd, runCancelledAt } from '../support/cancelled-run.ts';

function tinyConfig(seed = 4): ExperimentConfig {
  const config = clonePreset('smoke');
  config.seed = seed;
  config.dataset.trainSize = 300;
  config.dataset.testSize = 100;
  config.layers = [784, 48, 24, 6];
  config.pretrain.epochs = 3;
  config.finetune.epochs = 3;
  config.evaluation.tsne.points = 0;
  config.evaluation.logreg.iterations = 50;
  config.backend = 'wasm';
  return config;
}

describe('experiment pipeline', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('gives identical numbers for the same seed and different ones for another seed', async () => {
    const a = await runExperiment(tinyConfig(4), { onEvent: () => {} });
    const b = await runExperiment(tinyConfig(4), { onEvent: () => {} });
    const c = await runExperiment(tinyConfig(5), { onEvent: () => {} });
    expect(b.arms.pretrained!.testSSE).toBe(a.arms.pretrained!.testSSE);
    expect(b.arms.random!.testSSE).toBe(a.arms.random!.testSSE);
    expect(b.arms.random!.logregAccuracy).toBe(a.arms.random!.logregAccuracy);
    expect(c.arms.pretrained!.testSSE).not.toBe(a.arms.pretrained!.testSSE);
    expect(a.backend.name).toBe('wasm');
    expect(a.arms.random!.init).toMatch(/glorot-uniform/);
    expect(a.arms.pretrained!.init).toBe('rbm');
  });

  it('emits a metric per epoch and layer, progress up to 1, and frees its tensors every epoch', async () => {
    const events: PipelineEvent[] = [];
    const tensorsAtEpochEnd: number[] = [];
    await runExperiment(tinyConfig(), {
      parallel: false,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch' && e.phase.startsWith('finetune:random')) tensorsAtEpochEnd.push(tf.memory().numTensors);
      },
    });
    const epochs = events.filter((e): e is Extract<PipelineEvent, { type: 'epoch' }> => e.type === 'epoch');
    for (const phase of ['pretrain:1', 'pretrain:2', 'pretrain:3', 'finetune:pretrained', 'finetune:random']) {
      expect(epochs.filter((e) => e.phase === phase).map((e) => e.epoch)).toEqual([1, 2, 3]);
    }
    const layer1 = epochs.filter((e) => e.phase === 'pretrain:1');
    expect(layer1[2].metrics.trainSSE).toBeLessThan(layer1[0].metrics.trainSSE);
    expect(Object.keys(layer1[0].metrics)).toEqual(expect.arrayContaining(['trainSSE', 'freeEnergyGap', 'stackSSE']));
    const progress = events.filter((e): e is Extract<PipelineEvent, { type: 'progress' }> => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress.map((p) => p.fraction))).toBeLessThanOrEqual(1);
    expect(tensorsAtEpochEnd).toHaveLength(3);
    expect(new Set(tensorsAtEpochEnd).size).toBe(1);
    const grids = events.filter((e) => e.type === 'artifact' && e.kind === 'reconstructions');
    const final = grids.at(-1) as Extract<PipelineEvent, { kind: 'reconstructions' }>;
    expect(final.grid.rows.map((r) => r.label)).toEqual(['original', 'pretrained', 'random', 'pca']);
    expect(final.grid.digits).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  });

  it('stops on cancel and resumes from its last checkpoint to the same final numbers', async () => {
    const config = tinyConfig(8);
    const reference = await runExperiment(config, { onEvent: () => {}, parallel: false });
    let epochsSeen = 0;
    // Cancel mid-way through the random arm's fine-tuning (after 3 x 3 RBM + 3 + 1 epochs; the
    // evaluation's progress events carry no metrics).
    const { last } = await runCancelledAt(config, (e) => e.type === 'epoch' && Object.keys(e.metrics).length > 0 && ++epochsSeen === 13, { parallel: false });
    expect(last.position).toBe('finetune:random epoch 1');
    const resumedEvents: PipelineEvent[] = [];
    const resumed = await runExperiment(config, { resume: last, parallel: false, onEvent: (e) => resumedEvents.push(e) });
    expect(resumedEvents.some((e) => e.type === 'epoch' && e.phase.startsWith('pretrain'))).toBe(false);
    expect(resumedEvents.filter((e) => e.type === 'epoch' && e.phase === 'finetune:random').map((e) => (e as { epoch: number }).epoch)).toEqual([2, 3]);
    // The pretrained arm's evaluation is in the checkpoint: counted as done, so the resumed run's progress ends at 1, not short of it.
    const resumedProgress = resumedEvents.filter((e): e is Extract<PipelineEvent, { type: 'progress' }> => e.type === 'progress');
    expect(resumedProgress.some((e) => e.phase === 'evaluate:pretrained' || e.phase === 'logreg:pretrained')).toBe(false);
    expect(resumedProgress.at(-1)!.fraction).toBeCloseTo(1, 9);
    expect(resumed.arms.random!.testSSE).toBe(reference.arms.random!.testSSE);
    expect(resumed.arms.pretrained!.testSSE).toBe(reference.arms.pretrained!.testSSE);
    expect(resumed.arms.random!.logregAccuracy).toBe(reference.arms.random!.logregAccuracy);
  });

  it('trains the random arm on a second thread to exactly the numbers of a sequential run, and resumes both streams', async () => {
    const config = tinyConfig(12);
    const sequential = await runExperiment(config, { onEvent: () => {}, parallel: false });
    const { events, last } = await runCancelledAt(config, atEpochEnd('finetune:pretrained', 1), { parallel: true });
    expect(events.filter((e) => e.type === 'epoch').map((e) => e.phase)).toContain('finetune:random');
    const progress = last.meta.progress as { completedLayers: number; arms: Record<string, { completedEpochs: number }> };
    expect(progress.completedLayers).toBe(3);
    expect(progress.arms.random.completedEpochs).toBeGreaterThan(0);
    const resumed = await runExperiment(config, { resume: last, parallel: true, onEvent: () => {} });
    expect(resumed.arms.random!.testSSE).toBe(sequential.arms.random!.testSSE);
    expect(resumed.arms.pretrained!.testSSE).toBe(sequential.arms.pretrained!.testSSE);
    const parallel = await runExperiment(config, { onEvent: () => {}, parallel: true });
    expect(parallel.arms.random!.testSSE).toBe(sequential.arms.random!.testSSE);
    expect(parallel.arms.pretrained!.testSSE).toBe(sequential.arms.pretrained!.testSSE);
    // The second thread also scored the baselines: the same figures as the sequential run's.
    expect(parallel.baselines).toEqual(sequential.baselines);
    expect(resumed.baselines.pca!.testSSE).toBe(sequential.baselines.pca!.testSSE);
    expect(resumed.baselines.raw!.logregAccuracy).toBe(sequential.baselines.raw!.logregAccuracy);
  });

  it('scores the baselines on the second thread when only one arm runs, to the sequential figures', async () => {
    const config = tinyConfig(13);
    config.arms = ['pretrained'];
    const sequential = await runExperiment(config, { onEvent: () => {}, parallel: false });
    const events: PipelineEvent[] = [];
    const parallel = await runExperiment(config, { onEvent: (e) => events.push(e), parallel: true });
    expect(parallel.arms.pretrained!.testSSE).toBe(sequential.arms.pretrained!.testSSE);
    expect(parallel.baselines).toEqual(sequential.baselines);
    expect(parallel.baselines.pca!.testSSE).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'baseline-result').map((e) => (e as { baseline: string }).baseline).sort()).toEqual(['pca', 'raw']);
    expect(Object.keys(parallel.arms)).toEqual(['pretrained']);
  });

  it('resumes mid-pretraining with the same RBM stack', async () => {
    const config = tinyConfig(9);
    config.arms = ['pretrained'];
    const reference = await runExperiment(config, { onEvent: () => {} });
    const { last } = await runCancelledAt(config, atEpochEnd('pretrain:2', 2));
    expect(last.position).toBe('pretrain:2 epoch 2');
    const resumed = await runExperiment(config, { resume: last, onEvent: () => {} });
    expect(resumed.arms.pretrained!.testSSE).toBe(reference.arms.pretrained!.testSSE);
  });

  it('scores ColoredMNIST bias-conflict detectors against the hidden colours and publishes the top-flagged digits', async () => {
    const config = clonePreset('debias');
    config.dataset.trainSize = 600;
    config.dataset.testSize = 100;
    config.layers = [2352, 16, 4];
    config.arms = [];
    config.baselines = [];
    config.evaluation.reconstructions = false;
    config.backend = 'wasm';
    const events: PipelineEvent[] = [];
    const summary = await runExperiment(config, { onEvent: (e) => events.push(e) });
    const debias = summary.debias as { methods: Record<string, { auroc: number; recall: number }>; best: string; contamination: number; classifier?: { plain: number } };
    expect(debias.contamination).toBeCloseTo(0.1, 10);
    expect(Object.keys(debias.methods).length).toBeGreaterThanOrEqual(2);
    // Measured on this 600-image set: kNN on pixels 0.994, the GCE detectors 0.63-0.67 (chance is 0.5).
    const aurocs = Object.values(debias.methods).map((m) => m.auroc);
    expect(debias.methods[debias.best].auroc).toBe(Math.max(...aurocs));
    expect(debias.methods['knn-pixels'].auroc).toBeGreaterThan(0.95);
    for (const value of aurocs) {
      expect(value).toBeGreaterThan(0.55);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(debias.classifier?.plain).toBeGreaterThan(0.1);
    const flagged = events.filter((e) => e.type === 'artifact' && e.kind === 'reconstructions' && e.phase.startsWith('debias:flagged:'));
    expect(flagged).toHaveLength(10);
  });
});
