import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { smokePreset } from '../../src/shared/presets.ts';
import type { EventName } from '../../src/shared/api.ts';
import type { WorkbenchService } from '../../src/main/service/service.ts';
import { failure, scratchService } from './scratch-service.ts';
import { probeAdapter } from '../../src/engine/webgpu/adapter-probe.ts';

const standIn = fileURLToPath(new URL('../integration/fixtures/stand-in-pipeline.ts', import.meta.url));

describe('workbench service', () => {
  let service: WorkbenchService;
  let dispose: () => Promise<void>;
  let events: { name: EventName; payload: unknown }[];

  beforeEach(() => {
    ({ service, dispose } = scratchService({ pipelineModule: standIn, pollMs: 100, cancelGraceMs: 1000 }));
    events = [];
    service.subscribe((name, payload) => events.push({ name, payload }));
  });

  afterEach(() => dispose());

  const run = async (seed: number, epochs = 2, name?: string) => {
    const config = { ...structuredClone(smokePreset), seed, finetune: { ...smokePreset.finetune, epochs } };
    const { id } = await service.request('createExperiment', { config, name });
    return id;
  };

  it('lists presets and backends', async () => {
    const { presets } = await service.request('listPresets', {});
    expect(presets.find((p) => p.name === 'smoke')?.config.layers).toEqual([784, 64, 32, 8]);
    const { backends } = await service.request('listBackends', {});
    expect(backends.map((b) => b.name)).toEqual(['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(backends.find((b) => b.name === 'wasm')?.installed).toBe(true);
    // Without a hardware adapter (CI: Mesa's software one) auto runs on wasm, and New run must not say webgpu.
    const probe = await probeAdapter();
    const hardware = 'adapter' in probe && !probe.adapter.software;
    const { auto } = await service.request('listBackends', {});
    expect(auto?.name).toBe(hardware ? 'webgpu' : 'wasm');
    if (!hardware) expect(auto?.reason).toMatch(/WebGPU skipped/);
  });

  it('validates configs per field, and refuses to start an invalid one', async () => {
    const bad = { ...smokePreset, layers: [100, 30] };
    expect(await service.request('validateConfig', { config: bad })).toEqual({
      ok: false,
      errors: [{ path: 'layers.0', message: expect.stringContaining('must be 784') }],
    });
    const error = await failure(service.request('createExperiment', { config: bad }));
    expect(error.code).toBe('invalid-config');
    expect(error.fields?.[0].path).toBe('layers.0');
    expect((await service.request('listExperiments', {})).total).toBe(0);
  });

  it('creates, runs and answers questions about an experiment', async () => {
    const id = await run(3, 3, 'first');
    expect(await service.runner.waitFor(id)).toBe('done');
    const detail = await service.request('getExperiment', { id });
    expect(detail).toMatchObject({ id, name: 'first', status: 'done', preset: 'smoke', dataset: 'mnist' });
    expect(detail.metrics.filter((m) => m.name === 'testSSE')).toHaveLength(3);
    expect(detail.baselines).toEqual([{ baseline: 'pca', result: { testSSE: 42, logregAccuracy: 0.8, components: 8 } }]);
    const weights = detail.artifacts.find((a) => a.kind === 'weights')!;
    const artifact = await service.request('getArtifact', { id: weights.id });
    expect(artifact.kind === 'weights' && artifact.shape).toEqual([2, 4]);
    expect((await service.request('cloneConfig', { id })).config).toEqual(detail.config);
    expect(events.some((e) => e.name === 'experiment-changed')).toBe(true);
    expect(events.filter((e) => e.name === 'pipeline').length).toBeGreaterThan(5);
  });

  it('renames, annotates and tags, announcing each change', async () => {
    const id = await run(1);
    await service.runner.waitFor(id);
    expect(await service.request('renameExperiment', { id, name: '  tidy name ' })).toEqual({ id, name: 'tidy name' });
    await service.request('setNotes', { id, notes: 'compare with seed 2' });
    expect(await service.request('setTags', { id, tags: ['b', 'a', 'a'] })).toEqual({ id, tags: ['a', 'b'] });
    expect(await service.request('getExperiment', { id })).toMatchObject({ name: 'tidy name', notes: 'compare with seed 2', tags: ['a', 'b'] });
    expect(events.filter((e) => e.name === 'experiment-changed' && (e.payload as { change: string }).change === 'updated')).toHaveLength(3);
    expect((await failure(service.request('renameExperiment', { id: 999, name: 'x' }))).code).toBe('not-found');
  });

  it('compares two arms from different experiments, listing the config differences', async () => {
    const a = await run(1, 2);
    const b = await run(2, 4);
    await service.runner.waitFor(b);
    const comparison = await service.request('compareArms', { a: { experimentId: a, arm: 'random' }, b: { experimentId: b, arm: 'random' } });
    expect(comparison.a.metrics.filter((m) => m.name === 'testSSE')).toHaveLength(2);
    expect(comparison.b.metrics.filter((m) => m.name === 'testSSE')).toHaveLength(4);
    expect(comparison.b.result?.testSSE).toBeCloseTo(comparison.b.metrics.find((m) => m.name === 'testSSE' && m.epoch === 4)!.value, 6);
    expect(comparison.configDifferences).toEqual([
      { path: 'finetune.epochs', a: 2, b: 4 },
      { path: 'seed', a: 1, b: 2 },
    ]);
  });

  it('exports the report, both CSVs and JSON; the report waits for results', async () => {
    const id = await run(5, 2, 'export me');
    await service.runner.waitFor(id);
    const html = await service.request('exportExperiment', { id, format: 'html' });
    expect(html).toMatchObject({ fileName: `experiment-${id}-export-me.html`, mimeType: 'text/html' });
    expect(html.text).toContain('export me');
    const csv = await service.request('exportExperiment', { id, format: 'csv' });
    expect(csv.text!.split('\n')[0]).toBe('phase,epoch,name,value');
    expect(csv.text).toContain('finetune:random,2,testSSE,');
    const results = await service.request('exportExperiment', { id, format: 'results-csv' });
    expect(results.text).toMatch(/^pca,0\.8\nrandom,0\.5\n$/);
    const json = JSON.parse((await service.request('exportExperiment', { id, format: 'json' })).text!) as { id: number };
    expect(json.id).toBe(id);

    const unfinished = service.store.createExperiment({ config: smokePreset, status: 'interrupted' });
    expect((await failure(service.request('exportExperiment', { id: unfinished, format: 'html' }))).code).toBe('conflict');
  });

  it('cancels and resumes only when that makes sense', async () => {
    const id = await run(1);
    await service.runner.waitFor(id);
    expect((await failure(service.request('resumeExperiment', { id }))).message).toMatch(/is done; only interrupted, cancelled or failed/);
    expect((await failure(service.request('cancelExperiment', { id }))).code).toBe('conflict');
    const interrupted = service.store.createExperiment({ config: smokePreset, status: 'interrupted' });
    expect(await service.request('cancelExperiment', { id: interrupted })).toEqual({ id: interrupted, status: 'cancelled' });
  });

  it('stops a run when another process asks (workbench cancel), and resumes it to the end', async () => {
    const id = await run(4, 400);
    while (Number(service.store.checkpoint(id)?.meta.epoch ?? 0) < 2) await new Promise((r) => setTimeout(r, 20));
    service.store.requestCancel(id);
    expect(await service.runner.waitFor(id)).toBe('cancelled');
    const kept = Number(service.store.checkpoint(id)!.meta.epoch);
    expect(kept).toBeLessThan(400);
    service.store.db.prepare(`UPDATE experiments SET config = json_set(config, '$.finetune.epochs', ?) WHERE id = ?`).run(kept + 2, id);
    await service.request('resumeExperiment', { id });
    expect(await service.runner.waitFor(id)).toBe('done');
    expect(service.store.metrics(id).filter((m) => m.name === 'testSSE')).toHaveLength(kept + 2);
  });

  it('queues a seed group (seeds seed, seed + 1) and answers each member with the group mean ± sd of the stored figures', async () => {
    const config = { ...structuredClone(smokePreset), seed: 3, finetune: { ...smokePreset.finetune, epochs: 2 } };
    const created = await service.request('createExperiment', { config, seeds: 2 });
    expect(created.ids).toHaveLength(2);
    expect(created.id).toBe(created.ids![0]);
    for (const id of created.ids!) expect(await service.runner.waitFor(id)).toBe('done');
    const members = await Promise.all(created.ids!.map((id) => service.request('getExperiment', { id })));
    expect(members.map((m) => m.config.seed)).toEqual([3, 4]);
    expect(members.map((m) => m.group)).toEqual([
      { id: created.groupId, index: 0, size: 2, baseSeed: 3 },
      { id: created.groupId, index: 1, size: 2, baseSeed: 3 },
    ]);
    const values = members.map((m) => m.arms.find((a) => a.arm === 'random')!.testSSE);
    expect(values[0]).not.toBeCloseTo(values[1], 3);
    const figure = members[1].groupSummary!.figures.find((f) => f.key === 'random.testSSE')!;
    expect(figure.values).toEqual(values);
    expect(figure.mean).toBeCloseTo((values[0] + values[1]) / 2, 9);
    expect(figure.sd).toBeCloseTo(Math.abs(values[0] - values[1]) / Math.SQRT2, 9);
    expect((await failure(service.request('createExperiment', { config, seeds: 21 }))).code).toBe('invalid-input');
  });

  it('deletes an experiment, cancelling it first if it is running', async () => {
    const id = await run(1, 400);
    while (service.runner.runningId() !== id) await new Promise((r) => setTimeout(r, 10));
    expect(await service.request('deleteExperiment', { id })).toEqual({ id, deleted: true });
    expect((await failure(service.request('getExperiment', { id }))).code).toBe('not-found');
    expect((await service.request('listExperiments', {})).total).toBe(0);
  });
});
