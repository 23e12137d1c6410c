import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runExperiment, type Checkpoint } from '../../src/engine/pipeline.ts';
import { GpuFailureError } from '../../src/engine/webgpu/gpu-failure.ts';
import { webGpuDevice } from '../../src/engine/webgpu/webgpu-backend.ts';
import type { BackendChoice, ExperimentConfig } from '../../src/shared/config.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import type { ExperimentSummary } from '../../src/shared/results.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { needs, webgpuAdapter } from '../support/prerequisites.ts';

/*
 * A small experiment end to end on webgpu (the software adapter here) against the same
 * experiment on wasm, and a GPU lost mid-run: the run fails naming the adapter, and resumes
 * from its last checkpoint on another backend. One thread, so every arm trains on the device.
 */

const hasAdapter = needs(webgpuAdapter(), import.meta.filename);

function tinyConfig(backend: BackendChoice): ExperimentConfig {
  const config = clonePreset('smoke');
  config.seed = 11;
  config.dataset.trainSize = 300;
  config.dataset.testSize = 100;
  config.layers = [784, 48, 24, 6];
  config.pretrain.epochs = 2;
  config.finetune.epochs = 2;
  config.evaluation.tsne.points = 0;
  config.evaluation.logreg.iterations = 50;
  config.backend = backend;
  return config;
}

function expectSameNumbers(got: ExperimentSummary, reference: ExperimentSummary): void {
  for (const arm of ['pretrained', 'random'] as const) {
    const [a, b] = [got.arms[arm]!, reference.arms[arm]!];
    expect(Math.abs(a.testSSE - b.testSSE) / b.testSSE, `${arm} test error`).toBeLessThan(1e-3);
    expect(Math.abs(a.trainSSE - b.trainSSE) / b.trainSSE, `${arm} training error`).toBeLessThan(1e-3);
    // Logistic regression on codes equal to ~1e-6 may still part on a test image or two (of 100).
    expect(Math.abs(a.logregAccuracy - b.logregAccuracy), `${arm} accuracy`).toBeLessThanOrEqual(0.03);
  }
  const [pca, pcaReference] = [got.baselines.pca!.testSSE!, reference.baselines.pca!.testSSE!];
  expect(Math.abs(pca - pcaReference) / pcaReference).toBeLessThan(1e-4);
}

describe.skipIf(!hasAdapter)('an experiment on webgpu', () => {
  it("gives wasm's numbers, and records the adapter it ran on", async () => {
    const reference = await runExperiment(tinyConfig('wasm'), { onEvent: () => {}, parallel: false });
    const events: PipelineEvent[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const summary = await runExperiment(tinyConfig('webgpu'), { onEvent: (e) => events.push(e), parallel: false });
    // Nothing left on the device: the resident training sets, orders and states are all freed.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(summary.backend.name).toBe('webgpu');
    expect(summary.backend.adapter).toMatchObject({ software: true, description: expect.stringMatching(/llvmpipe/) });
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ backend: { adapter: summary.backend.adapter } });
    expectSameNumbers(summary, reference);
    expect(reference.arms.pretrained!.testSSE).not.toBe(reference.arms.random!.testSSE);
  });

  it('fails with the adapter and the cause when the device is lost, and resumes from its checkpoint on wasm', async () => {
    const checkpoints: Checkpoint[] = [];
    const failed = runExperiment(tinyConfig('webgpu'), {
      parallel: false,
      checkpoints: { save: (c) => void checkpoints.push(c) },
      onEvent: (e) => {
        if (e.type === 'epoch' && e.phase === 'pretrain:2' && e.epoch === 1) webGpuDevice()!.destroy();
      },
    });
    await expect(failed).rejects.toBeInstanceOf(GpuFailureError);
    await expect(failed).rejects.toThrow(/the GPU llvmpipe.*failed: device lost \(destroyed.*resumed from its last checkpoint/);
    // The device went during pretrain:2's first epoch, before its checkpoint could read the weights back.
    const last = checkpoints.at(-1)!;
    expect(last.position).toBe('pretrain:1 epoch 2');

    const resumedEvents: PipelineEvent[] = [];
    const resumed = await runExperiment(tinyConfig('wasm'), { resume: last, parallel: false, onEvent: (e) => resumedEvents.push(e) });
    const epochs = resumedEvents.filter((e) => e.type === 'epoch').map((e) => `${(e as { phase: string }).phase} ${(e as { epoch: number }).epoch}`);
    expect(epochs.slice(0, 3)).toEqual(['pretrain:2 1', 'pretrain:2 2', 'pretrain:3 1']);
    const reference = await runExperiment(tinyConfig('wasm'), { onEvent: () => {}, parallel: false });
    expectSameNumbers(resumed, reference);
  });
});
