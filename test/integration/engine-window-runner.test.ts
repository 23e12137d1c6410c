import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineChannel, FromEngine, ToEngine } from '../../src/engine/page/protocol.ts';
import { serveEngine, type EngineRun } from '../../src/engine/page/serve-engine.ts';
import { GpuFailureError } from '../../src/engine/webgpu/gpu-failure.ts';
import { engineWindowChooser, probeEngineWindow, type EngineChoice } from '../../src/main/engine-window/choose-engine.ts';
import type { EngineLink } from '../../src/main/engine-window/engine-link.ts';
import { JobRunner } from '../../src/main/runner/job-runner.ts';
import { openStore, type Store } from '../../src/main/store/store.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import type { GpuAdapterInfo } from '../../src/shared/results.ts';
import * as standIn from './fixtures/stand-in-pipeline.ts';

/*
 * The desktop app's dispatch up to the Electron boundary: the job runner, the engine window's
 * thread and chooser (src/main/engine-window) and the page's own serving code
 * (src/engine/page/serve-engine.ts), joined by an in-process link where Electron's IPC would be,
 * with the stand-in engine in place of training.
 */

const standInModule = fileURLToPath(new URL('./fixtures/stand-in-pipeline.ts', import.meta.url));
const HARDWARE: GpuAdapterInfo = { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100', software: false };
const SWIFTSHADER: GpuAdapterInfo = { vendor: 'google', architecture: 'swiftshader', description: '', software: true };

/** The engine page in this process: serveEngine behind a link that copies every message, as IPC does. */
class InProcessEngineWindow implements EngineLink {
  readonly sent: ToEngine[] = [];
  resets = 0;
  private toPage: ((message: ToEngine) => void)[] = [];
  private readonly fromPage = new Set<(message: FromEngine) => void>();
  private readonly goneListeners = new Set<(reason: string) => void>();

  constructor(
    private readonly adapter: { adapter?: GpuAdapterInfo; reason?: string },
    private readonly run: EngineRun,
  ) {
    this.load();
  }

  private load(): void {
    this.toPage = [];
    const channel: EngineChannel = {
      send: (message) => setImmediate(() => this.fromPage.forEach((listener) => listener(structuredClone(message)))),
      onMessage: (listener) =>
        this.toPage.push((message) => (message.type === 'probe' ? channel.send({ type: 'adapter', ...this.adapter }) : listener(message))),
    };
    serveEngine(channel, this.run);
  }

  send(message: ToEngine): void {
    this.sent.push(message);
    const copy = structuredClone(message);
    setImmediate(() => this.toPage.forEach((listener) => listener(copy)));
  }

  onMessage(listener: (message: FromEngine) => void): () => void {
    this.fromPage.add(listener);
    return () => this.fromPage.delete(listener);
  }

  onGone(listener: (reason: string) => void): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  reset(): void {
    this.resets++;
    this.load();
  }

  crash(reason: string): void {
    this.goneListeners.forEach((listener) => listener(reason));
  }

  starts(): Extract<ToEngine, { type: 'start' }>[] {
    return this.sent.filter((m): m is Extract<ToEngine, { type: 'start' }> => m.type === 'start');
  }
}

function config(epochs: number, name?: string): ExperimentConfig {
  return { ...structuredClone(smokePreset), name, finetune: { ...smokePreset.finetune, epochs } };
}

describe("the desktop app's engine window, up to Electron", () => {
  let dir: string;
  let store: Store;
  let runner: JobRunner | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-engine-window-'));
    store = openStore(join(dir, 'history.db'));
  });

  afterEach(async () => {
    await runner?.close();
    runner = undefined;
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(adapter: { adapter?: GpuAdapterInfo; reason?: string }, run: EngineRun = standIn.runExperiment) {
    const engine = new InProcessEngineWindow(adapter, run);
    const choice: EngineChoice = await probeEngineWindow(engine, 5000);
    runner = new JobRunner({ store, pipelineModule: standInModule, cancelGraceMs: 3000, pollMs: 100, chooseThread: engineWindowChooser(engine, () => choice) });
    return { engine, choice, runner };
  }

  it('sends a run to the engine window on a hardware adapter, with the rows in ordinary memory, and records it', async () => {
    const { engine, choice, runner } = await start({ adapter: HARDWARE });
    expect(choice).toEqual({ where: 'engine-window', adapter: HARDWARE });
    const id = store.createExperiment({ config: config(3) });
    runner.enqueue(id);
    expect(await runner.waitFor(id)).toBe('done');
    const [sent] = engine.starts();
    expect(sent.data.train.count).toBe(smokePreset.dataset.trainSize);
    expect(sent.data.test.count).toBe(smokePreset.dataset.testSize);
    expect(sent.data.train.images.length).toBe(smokePreset.dataset.trainSize * 784);
    // Electron's IPC cannot carry a SharedArrayBuffer: the main process's shared rows are copied out.
    expect(sent.data.train.images.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const detail = store.getExperiment(id)!;
    expect(detail.status).toBe('done');
    // The stand-in's recurrence after 3 epochs, by hand: w ← 0.9 w + sin(epoch + i), from w = seed mod 7.
    const weights = Array.from({ length: 8 }, () => smokePreset.seed % 7);
    for (let epoch = 0; epoch < 3; epoch++) for (let i = 0; i < 8; i++) weights[i] = Math.fround(Math.fround(weights[i] * 0.9) + Math.sin(epoch + i));
    const expected = weights.reduce((s, w) => s + w * w, 0);
    expect(detail.arms).toHaveLength(1);
    expect(detail.arms[0].testSSE).toBeCloseTo(expected, 3);
    // Every epoch's checkpoint was stored, then acknowledged to the page.
    expect(engine.sent.filter((m) => m.type === 'checkpoint-saved')).toHaveLength(3);
    // The page is reloaded after the run, as a worker thread is terminated.
    expect(engine.resets).toBe(1);
  });

  it('trains in the main process when the engine window has no adapter or only a software one', async () => {
    for (const answer of [{ reason: 'navigator.gpu.requestAdapter() found no adapter' }, { adapter: SWIFTSHADER }]) {
      const { engine, choice, runner } = await start(answer);
      expect(choice.where).toBe('main');
      if (choice.where === 'main') expect(choice.reason).toMatch(answer.adapter ? /software one.*swiftshader/ : /found no adapter/);
      const id = store.createExperiment({ config: config(2) });
      runner.enqueue(id);
      expect(await runner.waitFor(id)).toBe('done');
      expect(engine.starts()).toEqual([]);
      await runner.close();
    }
  });

  it('keeps a run with a named CPU backend (config or WORKBENCH_BACKEND) in the main process even with a GPU', async () => {
    const { engine, runner } = await start({ adapter: HARDWARE });
    const id = store.createExperiment({ config: { ...config(2), backend: 'wasm' } });
    runner.enqueue(id);
    expect(await runner.waitFor(id)).toBe('done');
    vi.stubEnv('WORKBENCH_BACKEND', 'cpu');
    try {
      const other = store.createExperiment({ config: config(2) });
      runner.enqueue(other);
      expect(await runner.waitFor(other)).toBe('done');
    } finally {
      vi.unstubAllEnvs();
    }
    expect(engine.starts()).toEqual([]);
  });

  it('cancels a run in the engine window', async () => {
    const { engine, runner } = await start({ adapter: HARDWARE });
    const id = store.createExperiment({ config: config(200) });
    runner.enqueue(id);
    while (!store.checkpoint(id)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runner.cancel(id)).toBe(true);
    expect(await runner.waitFor(id)).toBe('cancelled');
    expect(engine.sent.map((m) => m.type)).toContain('cancel');
    // Cancelled by the page itself (well before the 3 s grace), with only a few of its 200 epochs done.
    expect(Number(store.checkpoint(id)!.meta.epoch)).toBeLessThan(50);
  });

  it('fails a run whose GPU is lost with a message naming it, and resumes it from its checkpoint', async () => {
    const losesTheDevice: EngineRun = (cfg, options) =>
      standIn.runExperiment(cfg, {
        ...options,
        checkpoints: {
          save: async (checkpoint) => {
            await options.checkpoints!.save(checkpoint);
            if (checkpoint.meta.epoch === 2) throw new GpuFailureError(HARDWARE, 'device lost (unknown: the driver was reset)');
          },
        },
      });
    const { engine, runner } = await start({ adapter: HARDWARE }, losesTheDevice);
    const id = store.createExperiment({ config: config(4) });
    runner.enqueue(id);
    expect(await runner.waitFor(id)).toBe('failed');
    expect(store.getExperiment(id)!.error).toMatch(/the GPU .*NVIDIA H100.* failed: device lost \(unknown: the driver was reset\); the run can be resumed from its last checkpoint/);
    expect(store.checkpoint(id)?.position).toBe('finetune:random epoch 2');
    runner.enqueue(id, true);
    expect(await runner.waitFor(id)).toBe('done');
    // The resume went to the (reloaded) engine window with the epoch-2 checkpoint, and ran epochs 3 and 4 only.
    expect(engine.starts().map((s) => s.resume?.position)).toEqual([undefined, 'finetune:random epoch 2']);
    expect(store.getExperiment(id)!.metrics.filter((m) => m.name === 'testSSE').map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('fails a run whose engine window crashed, naming it, with its checkpoint kept', async () => {
    const { engine, runner } = await start({ adapter: HARDWARE });
    const id = store.createExperiment({ config: config(200) });
    runner.enqueue(id);
    while (!store.checkpoint(id)) await new Promise((resolve) => setTimeout(resolve, 10));
    engine.crash('its renderer crashed, exit code 139');
    expect(await runner.waitFor(id)).toBe('failed');
    expect(store.getExperiment(id)!.error).toMatch(/the engine window stopped \(its renderer crashed, exit code 139\); the run can be resumed/);
    expect(store.checkpoint(id)).toBeDefined();
  });
});
