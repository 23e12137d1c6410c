import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/main/store/migrations.ts';
import { openStore } from '../../src/main/store/store.ts';
import { smokePreset } from '../../src/shared/presets.ts';

const columns = (db: Database.Database, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
const indexes = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name).sort();

/** A file left at `version` by an older workbench, holding one experiment as that version stored it. */
function fileAtVersion(path: string, version: number): void {
  const db = new Database(path);
  migrate(db, version);
  const time = '2026-01-01T00:00:00.000Z';
  const tagsColumn = columns(db, 'experiments').includes('tags');
  db.prepare(
    `INSERT INTO experiments (name, status, preset, dataset, config, created_at, updated_at${tagsColumn ? ', tags' : ''})
     VALUES ('old run', 'done', 'smoke', 'mnist', ?, ?, ?${tagsColumn ? `, '["legacy","v1"]'` : ''})`,
  ).run(JSON.stringify(smokePreset), time, time);
  if (!tagsColumn) db.prepare(`INSERT INTO experiment_tags (experiment_id, tag) VALUES (1, 'legacy'), (1, 'v1')`).run();
  db.prepare(`INSERT INTO metrics (experiment_id, phase, epoch, name, value) VALUES (1, 'pretrain:1', 1, 'trainSSE', 12.5)`).run();
  db.close();
}

describe('migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('build the latest schema from an empty file', () => {
    const store = openStore(join(dir, 'empty.db'));
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    expect(columns(store.db, 'experiments')).toEqual(expect.arrayContaining(['status', 'preset', 'dataset', 'owner_pid', 'cancel_requested']));
    expect(columns(store.db, 'experiments')).not.toContain('tags');
    expect(indexes(store.db)).toEqual(expect.arrayContaining(['experiments_by_status', 'experiments_by_preset', 'experiments_by_dataset', 'experiments_by_created']));
    store.close();
  });

  for (let version = 1; version < LATEST_VERSION; version++) {
    it(`bring a version ${version} file up to date, keeping its experiments`, () => {
      const path = join(dir, `v${version}.db`);
      fileAtVersion(path, version);
      const store = openStore(path);
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const detail = store.getExperiment(1)!;
      expect(detail).toMatchObject({ name: 'old run', status: 'done', tags: ['legacy', 'v1'] });
      expect(detail.metrics).toEqual([{ phase: 'pretrain:1', epoch: 1, name: 'trainSSE', value: 12.5 }]);
      expect(store.listExperiments({ tag: 'legacy' }).total).toBe(1);
      expect(store.cancelRequested(1)).toBe(false);
      store.close();
    });
  }

  it('bring a version 3 file to seed groups: its runs are in no group, new runs can form one', () => {
    const path = join(dir, 'v3-groups.db');
    fileAtVersion(path, 3);
    const store = openStore(path);
    expect(columns(store.db, 'experiments')).toEqual(expect.arrayContaining(['group_id', 'group_index']));
    expect(columns(store.db, 'experiment_groups')).toEqual(['id', 'base_seed', 'size', 'created_at']);
    expect(store.getExperiment(1)!.group).toBeNull();
    const group = store.createGroup(5, 2);
    const second = store.createExperiment({ config: { ...smokePreset, seed: 6 }, group: { id: group, index: 1 } });
    const first = store.createExperiment({ config: { ...smokePreset, seed: 5 }, group: { id: group, index: 0 } });
    expect(store.groupMembers(group)).toEqual([first, second]);
    expect(store.getExperiment(second)!.group).toEqual({ id: group, index: 1, size: 2, baseSeed: 5 });
    expect(store.listExperiments().items.find((e) => e.id === 1)!.group).toBeNull();
    store.close();
  });

  it('are not re-applied when a current file is reopened', () => {
    const path = join(dir, 'twice.db');
    openStore(path).close();
    const store = openStore(path);
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    store.close();
  });

  it('refuse a file from a newer workbench, saying so', () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(new RegExp(`schema version ${LATEST_VERSION + 1}, newer than this workbench knows \\(${LATEST_VERSION}\\)`));
  });
});
