import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/shared/events.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { runExperiment } from '../../src/engine/pipeline.ts';
import { loadExperimentData } from '../../src/engine/pipeline/data.ts';

function config(name: ExperimentConfig['dataset']['name']): ExperimentConfig {
  const c = clonePreset('smoke');
  c.dataset = { name, trainSize: 2000, testSize: 200 };
  c.layers = [name === 'colored-mnist' ? 2352 : 784, 32, 16, 4];
  c.pretrain.epochs = 2;
  c.finetune.epochs = 2;
  c.evaluation.tsne.points = 0;
  c.evaluation.logreg.iterations = 20;
  c.backend = 'wasm';
  return c;
}

describe('experiment memory', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('keeps the images in shared memory, so the second thread reads them without a copy', async () => {
    for (const name of ['mnist', 'colored-mnist'] as const) {
      const data = await loadExperimentData(config(name));
      expect(data.train.images.buffer, `${name} train`).toBeInstanceOf(SharedArrayBuffer);
      expect(data.test.images.buffer, `${name} test`).toBeInstanceOf(SharedArrayBuffer);
      expect(data.train.images.length).toBe(2000 * data.train.dim);
    }
  });

  it('never holds the training set on the backend: only batches, chunks and parameters', async () => {
    const c = config('mnist');
    const trainBytes = c.dataset.trainSize * 784 * 4;
    const bytesAtEpochs: number[] = [];
    const onEvent = (e: PipelineEvent) => {
      // Training epochs only: the evaluation's progress arrives as epoch events too, and its logistic
      // regression on raw pixels holds that matrix on the backend by design.
      if (e.type === 'epoch' && /^(pretrain|finetune):/.test(e.phase)) bytesAtEpochs.push(tf.memory().numBytes);
    };
    await runExperiment(c, { onEvent, parallel: false });
    expect(bytesAtEpochs).toHaveLength(3 * 2 + 2 * 2);
    // Parameters, optimizer state and monitors are about 1 MB here; the training set is 6.3 MB.
    expect(Math.max(...bytesAtEpochs)).toBeLessThan(trainBytes / 3);
  });
});
