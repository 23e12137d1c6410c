import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smokePreset } from '../../src/shared/presets.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import type { EventPayload } from '../../src/shared/api.ts';
import { openStore, type Store } from '../../src/main/store/store.ts';
import { JobRunner } from '../../src/main/runner/job-runner.ts';

const standIn = fileURLToPath(new URL('./fixtures/stand-in-pipeline.ts', import.meta.url));

function config(epochs: number, name?: string): ExperimentConfig {
  return { ...structuredClone(smokePreset), name, finetune: { ...smokePreset.finetune, epochs } };
}

describe('job runner (worker thread, stand-in engine)', () => {
  let dir: string;
  let store: Store;
  let runner: JobRunner;
  let states: EventPayload<'run-state'>[];
  let epochs: { id: number; epoch: number }[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-runner-'));
    store = openStore(join(dir, 'history.db'));
    states = [];
    epochs = [];
    runner = new JobRunner({
      store,
      pipelineModule: standIn,
      cancelGraceMs: 1000,
      pollMs: 100,
      emit: (name, payload) => {
        if (name === 'run-state') states.push(payload as EventPayload<'run-state'>);
        if (name === 'pipeline') {
          const p = payload as EventPayload<'pipeline'>;
          if (p.event.type === 'epoch') epochs.push({ id: p.experimentId, epoch: p.event.epoch });
        }
      },
    });
  });

  afterEach(async () => {
    await runner.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const waitForEpoch = async (id: number, epoch: number) => {
    while (!epochs.some((e) => e.id === id && e.epoch >= epoch)) await new Promise((r) => setTimeout(r, 10));
  };

  it('runs an experiment to done and stores its metrics, arm, baseline and final weights', async () => {
    const id = store.createExperiment({ config: config(4) });
    runner.enqueue(id);
    expect(await runner.waitFor(id)).toBe('done');
    const detail = store.getExperiment(id)!;
    expect(detail.status).toBe('done');
    expect(detail.metrics.filter((m) => m.name === 'testSSE').map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
    expect(detail.arms).toHaveLength(1);
    expect(detail.arms[0].testSSE).toBeCloseTo(detail.metrics.find((m) => m.name === 'testSSE' && m.epoch === 4)!.value, 4);
    expect(detail.testSSE.pca).toBeCloseTo(42, 6);
    const weights = detail.artifacts.filter((a) => a.kind === 'weights');
    expect(weights.map((a) => a.name)).toEqual(['weights']);
    expect(store.checkpoint(id)).toBeUndefined();
    expect(detail.backend).toBe('cpu');
    expect(states.filter((s) => s.experimentId === id).map((s) => s.status)).toEqual(['queued', 'running', 'done']);
  });

  it('runs one experiment at a time, in order', async () => {
    const first = store.createExperiment({ config: config(3) });
    const second = store.createExperiment({ config: config(3) });
    runner.enqueue(first);
    runner.enqueue(second);
    expect(store.status(second)).toBe('queued');
    await runner.waitFor(second);
    const order = states.filter((s) => s.status === 'running' || s.status === 'done').map((s) => `${s.experimentId}:${s.status}`);
    expect(order).toEqual([`${first}:running`, `${first}:done`, `${second}:running`, `${second}:done`]);
  });

  it('cancels a running experiment, keeping what it had, and a queued one at once', async () => {
    const running = store.createExperiment({ config: config(500) });
    const queued = store.createExperiment({ config: config(5) });
    runner.enqueue(running);
    runner.enqueue(queued);
    await waitForEpoch(running, 3);
    store.requestCancel(queued); // as `workbench cancel` does from another process
    while (store.status(queued) !== 'cancelled') await new Promise((r) => setTimeout(r, 20));
    expect(runner.isQueued(queued)).toBe(false);
    const asked = performance.now();
    runner.cancel(running);
    expect(await runner.waitFor(running)).toBe('cancelled');
    console.log(`cancel latency (stand-in engine): ${(performance.now() - asked).toFixed(0)} ms`);
    const kept = store.metrics(running).filter((m) => m.name === 'testSSE');
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.length).toBeLessThan(500);
    expect(store.checkpoint(running)?.position).toMatch(/^finetune:random epoch \d+$/);
  });

  it('terminates a run that ignores the cancel request after the grace period', async () => {
    const id = store.createExperiment({ config: config(100_000, 'stubborn') });
    runner.enqueue(id);
    await waitForEpoch(id, 2);
    runner.cancel(id);
    expect(await runner.waitFor(id)).toBe('cancelled');
  });

  it('marks a failing or crashing run failed with the error, and keeps running the queue', async () => {
    const throws = store.createExperiment({ config: config(5, 'throw') });
    const exits = store.createExperiment({ config: config(5, 'exit') });
    const healthy = store.createExperiment({ config: config(2) });
    runner.enqueue(throws);
    runner.enqueue(exits);
    runner.enqueue(healthy);
    expect(await runner.waitFor(throws)).toBe('failed');
    expect(await runner.waitFor(exits)).toBe('failed');
    expect(await runner.waitFor(healthy)).toBe('done');
    expect(store.getExperiment(throws)!.error).toContain('stand-in engine failure');
    expect(store.getExperiment(exits)!.error).toMatch(/exited unexpectedly \(code 3\)/);
    expect(store.metrics(throws).filter((m) => m.name === 'testSSE')).toHaveLength(2);
  });

  it('resumes a cancelled run from its checkpoint to the same result as an uninterrupted run', async () => {
    const straight = store.createExperiment({ config: config(12) });
    runner.enqueue(straight);
    await runner.waitFor(straight);
    const interrupted = store.createExperiment({ config: config(12) });
    runner.enqueue(interrupted);
    await waitForEpoch(interrupted, 4);
    runner.cancel(interrupted);
    await runner.waitFor(interrupted);
    const stoppedAt = Number(store.checkpoint(interrupted)!.meta.epoch);
    expect(stoppedAt).toBeLessThan(12);
    runner.enqueue(interrupted, true);
    expect(await runner.waitFor(interrupted)).toBe('done');
    const a = store.getExperiment(straight)!.arms[0].testSSE;
    const b = store.getExperiment(interrupted)!.arms[0].testSSE;
    expect(b).toBeCloseTo(a, 5);
    expect(store.metrics(interrupted).filter((m) => m.name === 'testSSE').map((m) => m.epoch)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });
});
