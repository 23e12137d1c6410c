import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_WEBGPU_PACKAGE } from '../../src/engine/page/page-backend.ts';
import type { FromEngine } from '../../src/engine/page/protocol.ts';
import { loadExperimentData } from '../../src/engine/pipeline/data.ts';
import { runExperiment } from '../../src/engine/pipeline.ts';
import type { BackendChoice, ExperimentConfig } from '../../src/shared/config.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import type { ExperimentSummary } from '../../src/shared/results.ts';
import { chromium, needs } from '../support/prerequisites.ts';
import { enginePageForTests } from './build-engine-page.ts';
import { EnginePageDriver } from './engine-page-driver.ts';

/*
 * The desktop app's engine window, with Debian's headless Chromium standing in for Electron's:
 * the built engine page trains a tiny experiment on Chromium's WebGPU (SwiftShader here) through
 * the messages the main process sends, and gets wasm's numbers (wasm run here, in Node).
 */

const hasChromium = needs(chromium(), import.meta.filename);

function tinyConfig(backend: BackendChoice): ExperimentConfig {
  const config = clonePreset('smoke');
  config.seed = 11;
  config.dataset.trainSize = 200;
  config.dataset.testSize = 100;
  config.layers = [784, 32, 16, 4];
  config.pretrain = { ...config.pretrain, epochs: 1, batchSize: 100 };
  config.finetune = { ...config.finetune, epochs: 2, batchSize: 100 };
  // SwiftShader runs each small dispatch slowly: one arm and the PCA baseline keep this under a minute.
  config.arms = ['pretrained'];
  config.baselines = ['pca'];
  config.evaluation.tsne.points = 0;
  config.evaluation.reconstructions = false;
  config.evaluation.logreg.iterations = 50;
  config.backend = backend;
  return config;
}

let driver: EnginePageDriver;
let scratch: string;

beforeAll(async () => {
  if (!hasChromium) return;
  scratch = mkdtempSync(join(tmpdir(), 'workbench-engine-page-'));
  driver = await EnginePageDriver.open(await enginePageForTests(scratch));
}, 180_000);

afterAll(async () => {
  await driver?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs `config` in the page as the main process would: rows in the start message, every checkpoint acknowledged. */
async function runInPage(config: ExperimentConfig, onEvent: (event: PipelineEvent) => void = () => {}): Promise<{ end: FromEngine; checkpoints: number }> {
  const data = await loadExperimentData(config);
  let checkpoints = 0;
  const stop = driver.onMessage((message) => {
    if (message.type === 'event') onEvent(message.event);
    if (message.type === 'checkpoint') {
      checkpoints++;
      void driver.send({ type: 'checkpoint-saved', seq: message.seq });
    }
  });
  const end = driver.next((m) => m.type === 'finished' || m.type === 'failed' || m.type === 'cancelled');
  await driver.send({ type: 'start', config, data });
  const result = await end;
  stop();
  return { end: result, checkpoints };
}

describe.skipIf(!hasChromium)('the engine page in headless Chromium', () => {
  it('finds a WebGPU adapter on a loopback page', async () => {
    const answer = driver.next((m) => m.type === 'adapter');
    await driver.send({ type: 'probe' });
    expect(await answer).toMatchObject({ type: 'adapter', adapter: { software: true, architecture: expect.stringMatching(/swiftshader/i) } });
  });

  it("trains a small experiment on Chromium's WebGPU with wasm's numbers", async () => {
    const reference = await runExperiment(tinyConfig('wasm'), { onEvent: () => {}, parallel: false });
    let firstTestSSE = Number.NaN;
    const { end, checkpoints } = await runInPage(tinyConfig('webgpu'), (event) => {
      if (event.type === 'epoch' && event.phase === 'finetune:pretrained' && event.epoch === 1) firstTestSSE = event.metrics.testSSE;
    });
    expect(driver.errors).toEqual([]);
    if (end.type !== 'finished') throw new Error(`the page's run ended ${end.type}: ${JSON.stringify(end)}`);
    const summary: ExperimentSummary = end.summary;
    expect(summary.backend).toMatchObject({ name: 'webgpu', package: CHROMIUM_WEBGPU_PACKAGE, gpu: true, adapter: { software: true } });
    // One checkpoint per epoch at least: 3 RBM layers of 1 epoch, 2 fine-tuning epochs.
    expect(checkpoints).toBeGreaterThanOrEqual(3 + 2);
    const [got, wasm] = [summary.arms.pretrained!, reference.arms.pretrained!];
    expect(Math.abs(got.testSSE - wasm.testSSE) / wasm.testSSE, 'test error').toBeLessThan(1e-3);
    expect(Math.abs(got.trainSSE - wasm.trainSSE) / wasm.trainSSE, 'training error').toBeLessThan(1e-3);
    // Logistic regression on codes equal to ~1e-6 may still part on a test image or two (of 100).
    expect(Math.abs(got.logregAccuracy - wasm.logregAccuracy), 'accuracy').toBeLessThanOrEqual(0.03);
    const [pca, pcaReference] = [summary.baselines.pca!.testSSE!, reference.baselines.pca!.testSSE!];
    expect(Math.abs(pca - pcaReference) / pcaReference).toBeLessThan(1e-4);
    // Training moved the network: fine-tuning lowered the error below the first epoch's.
    expect(firstTestSSE).toBeGreaterThan(got.testSSE);
  }, 180_000);

  it('stops a run when it is cancelled', async () => {
    let cancelled = false;
    const { end } = await runInPage(tinyConfig('webgpu'), (event) => {
      if (event.type === 'epoch' && !cancelled) {
        cancelled = true;
        void driver.send({ type: 'cancel' });
      }
    });
    expect(end.type).toBe('cancelled');
  }, 60_000);
});
