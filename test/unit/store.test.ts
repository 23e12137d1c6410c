import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS, smokePreset } from '../../src/shared/presets.ts';
import type { EmbeddingMap, ImageGrid } from '../../src/shared/results.ts';
import { openStore, type Store } from '../../src/main/store/store.ts';
import { RunRecorder } from '../../src/main/store/run-recorder.ts';
import { resolveDbPath } from '../../src/main/store/db-path.ts';
import { seedExperiments } from '../../src/main/store/bench.ts';

describe('store', () => {
  let dir: string;
  let store: Store;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-store-'));
    store = openStore(join(dir, 'nested', 'history.db'));
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens in WAL mode with foreign keys on', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('lists with filters, search, sort and pages', () => {
    seedExperiments(store, 60);
    const all = store.listExperiments({ limit: 500 });
    expect(all.total).toBe(60);
    expect(all.items[0].id).toBe(60); // newest first by default

    const done = store.listExperiments({ status: ['done'], limit: 500 });
    expect(done.total).toBe(10);
    expect(done.items.every((e) => e.status === 'done')).toBe(true);

    const smoke = store.listExperiments({ preset: 'smoke', limit: 500 });
    expect(smoke.items.every((e) => e.preset === 'smoke')).toBe(true);
    expect(smoke.total).toBeGreaterThan(0);

    const sweep = store.listExperiments({ tag: 'sweep', limit: 500 });
    expect(sweep.total).toBe(20);
    expect(sweep.items.every((e) => e.tags.includes('sweep'))).toBe(true);

    expect(store.listExperiments({ dataset: 'colored-mnist', limit: 500 }).items.every((e) => e.preset === 'debias')).toBe(true);

    const search = store.listExperiments({ search: ' run 1 quick ' });
    expect(search.items.map((e) => e.name)).toEqual(['run 1 quick']);
    expect(store.listExperiments({ search: 'SWEEP', limit: 500 }).total).toBe(20); // tags too, any case
    expect(store.listExperiments({ search: '100%' }).total).toBe(0); // % is literal, not a wildcard

    const byName = store.listExperiments({ sort: { field: 'name', direction: 'asc' }, limit: 3 });
    expect(byName.items.map((e) => e.name)).toEqual([...byName.items.map((e) => e.name)].sort((a, b) => a.localeCompare(b)));

    const page2 = store.listExperiments({ limit: 25, offset: 25 });
    expect(page2.items).toHaveLength(25);
    expect(page2.items[0].id).toBe(35);
    expect(page2.items[0].testSSE.pretrained).toBeCloseTo(3 + (34 % 7), 9);
  });

  it('renames, annotates, tags and deletes with everything that belongs to the experiment', () => {
    const id = store.createExperiment({ config: smokePreset, tags: ['a'] });
    store.rename(id, 'first try');
    store.setNotes(id, 'lr too high?');
    store.setTags(id, ['b', 'a', 'b']);
    const recorder = new RunRecorder(store, id);
    recorder.onEvent({ type: 'epoch', phase: 'pretrain:1', epoch: 1, metrics: { trainSSE: 30 } });
    recorder.save({ version: 1, position: 'pretrain:1 epoch 1', meta: {}, blobs: { w: new Float32Array([1, 2]) } });
    const detail = store.getExperiment(id)!;
    expect(detail).toMatchObject({ name: 'first try', notes: 'lr too high?', tags: ['a', 'b'], position: 'pretrain:1 epoch 1' });
    expect(store.deleteExperiment(id)).toBe(true);
    for (const table of ['experiments', 'metrics', 'checkpoints', 'checkpoint_blobs', 'experiment_tags']) {
      expect((store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n).toBe(0);
    }
  });

  it('writes an epoch and its checkpoint together, and restores the checkpoint bit for bit', () => {
    const id = store.createExperiment({ config: smokePreset });
    const recorder = new RunRecorder(store, id);
    const weights = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e-3);
    recorder.onEvent({ type: 'epoch', phase: 'finetune:random', epoch: 3, metrics: { testSSE: 41.5, trainSSE: Number.NaN } });
    expect(store.metrics(id)).toEqual([]); // buffered until the checkpoint
    recorder.save({ version: 1, position: 'finetune:random epoch 3', meta: { epoch: 3, rng: 12345 }, blobs: { 'arm.random.param.0': weights } });
    expect(store.metrics(id)).toEqual([{ phase: 'finetune:random', epoch: 3, name: 'testSSE', value: 41.5 }]);
    const checkpoint = store.checkpoint(id)!;
    expect(checkpoint.meta).toEqual({ epoch: 3, rng: 12345 });
    expect(Array.from(checkpoint.blobs['arm.random.param.0'])).toEqual(Array.from(weights));
  });

  it('keeps reconstructions, embeddings and weights compactly and reads them back', () => {
    const id = store.createExperiment({ config: smokePreset });
    const recorder = new RunRecorder(store, id);
    const image = Array.from({ length: 784 }, (_, i) => (i % 97) / 96);
    const grid: ImageGrid = { rows: [{ label: 'original', images: [image, image] }, { label: 'pretrained', images: [image, image] }], height: 28, width: 28, channels: 1, digits: [3, 7] };
    recorder.onEvent({ type: 'artifact', kind: 'reconstructions', phase: 'final', grid });
    const map: EmbeddingMap = { representation: 'pretrained', method: 'tsne', points: [[0.5, -1.25], [3, 4]], labels: [3, 7], indices: [10, 20], kl: 0.8 };
    recorder.onEvent({ type: 'artifact', kind: 'embedding', map });
    recorder.save({ version: 1, position: 'done', meta: { shapes: { 'arm.pretrained.param.0': [2, 2] } }, blobs: { 'arm.pretrained.param.0': new Float32Array([1, -2, 3.5, 4]), 'adam.m.0': new Float32Array(4) } });
    recorder.keepFinalWeights();

    const artifacts = store.artifacts(id);
    const gridInfo = artifacts.find((a) => a.kind === 'reconstructions')!;
    expect(gridInfo.byteSize).toBe(4 * 784); // one byte a pixel
    const gridBack = store.artifact(gridInfo.id)!;
    expect(gridBack.kind === 'reconstructions' && gridBack.grid.rows.map((r) => r.label)).toEqual(['original', 'pretrained']);
    if (gridBack.kind !== 'reconstructions') throw new Error('wrong kind');
    const maxError = Math.max(...gridBack.grid.rows[1].images[1].map((v, i) => Math.abs(v - image[i])));
    expect(maxError).toBeLessThanOrEqual(0.5 / 255 + 1e-9);

    const mapBack = store.artifact(artifacts.find((a) => a.kind === 'embedding')!.id)!;
    expect(mapBack).toMatchObject({ kind: 'embedding', map: { ...map } });

    const weights = artifacts.filter((a) => a.kind === 'weights');
    expect(weights.map((a) => a.name)).toEqual(['arm.pretrained.param.0']); // optimizer state is not a weight
    const weightsBack = store.artifact(weights[0].id)!;
    if (weightsBack.kind !== 'weights') throw new Error('wrong kind');
    expect(weightsBack.shape).toEqual([2, 2]);
    expect(Array.from(new Float32Array(Uint8Array.from(Buffer.from(weightsBack.base64, 'base64')).buffer))).toEqual([1, -2, 3.5, 4]);
    expect(store.checkpoint(id)).toBeUndefined();
  });

  it('marks runs of dead processes interrupted and leaves runs of live ones alone', () => {
    const mine = store.createExperiment({ config: smokePreset });
    const orphan = store.createExperiment({ config: PRESETS.quick });
    const other = store.createExperiment({ config: PRESETS.quick });
    store.setStatus(mine, 'running', null, process.pid);
    store.setStatus(orphan, 'running', null, 999_999);
    store.setStatus(other, 'running', null, 424_242);
    const changed = store.recoverInterrupted((pid) => pid === 424_242);
    expect(changed).toEqual([orphan]);
    expect(store.status(orphan)).toBe('interrupted');
    expect(store.getExperiment(orphan)!.error).toMatch(/resume/);
    expect(store.status(mine)).toBe('running');
    expect(store.status(other)).toBe('running');
    store.db.prepare(`UPDATE experiments SET heartbeat_at = '2020-01-01T00:00:00.000Z' WHERE id = ?`).run(other);
    expect(store.recoverInterrupted((pid) => pid === 424_242)).toEqual([other]); // a reused pid, silent for years
  });

  it('resolves the database path: flag, then WORKBENCH_DB, then userData, then XDG_DATA_HOME', () => {
    expect(resolveDbPath({ flag: '/x/a.db', env: { WORKBENCH_DB: '/y/b.db' } })).toBe('/x/a.db');
    expect(resolveDbPath({ env: { WORKBENCH_DB: '/y/b.db' }, userDataDir: '/u' })).toBe('/y/b.db');
    expect(resolveDbPath({ env: {}, userDataDir: '/u' })).toBe('/u/workbench.db');
    expect(resolveDbPath({ env: { XDG_DATA_HOME: '/d' } })).toBe('/d/autoencoder-workbench/workbench.db');
    expect(resolveDbPath({ env: {} })).toMatch(/\.local\/share\/autoencoder-workbench\/workbench\.db$/);
  });
});
