import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/main/store/run-recorder.ts';
import { openStore, type Store } from '../../src/main/store/store.ts';
import { smokePreset } from '../../src/shared/presets.ts';

/*
 * Epochs recorded while another connection holds the write lock: each epoch's metrics and
 * checkpoint wait in the queue; a waiting checkpoint is dropped when a newer one follows, and
 * once the lock clears every metric is stored with the newest checkpoint.
 */
describe('RunRecorder behind another connection\'s lock', () => {
  let dir: string;
  let store: Store;
  let other: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-recorder-'));
    store = openStore(join(dir, 'h.db'), { busyTimeoutMs: 20 });
    other = new Database(join(dir, 'h.db'));
  });

  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every epoch once and the newest checkpoint, in order, after the lock clears', async () => {
    const id = store.createExperiment({ config: smokePreset });
    const recorder = new RunRecorder(store, id);
    other.exec('BEGIN IMMEDIATE');
    const phase = 'finetune:pretrained';
    for (let epoch = 1; epoch <= 4; epoch++) {
      recorder.onEvent({ type: 'epoch', phase, epoch, metrics: { testSSE: 100 / epoch } });
      recorder.save({ version: 1, position: `${phase} epoch ${epoch}`, meta: { epoch }, blobs: { w: new Float32Array([epoch, epoch]) } });
    }
    expect(store.writes.waiting).toBe(4);
    expect(store.metrics(id)).toEqual([]);
    other.exec('COMMIT');
    expect(await store.writes.drain(5_000)).toEqual([]);
    expect(store.metrics(id)).toEqual([1, 2, 3, 4].map((epoch) => ({ phase, epoch, name: 'testSSE', value: 100 / epoch })));
    const checkpoint = store.checkpoint(id)!;
    expect(checkpoint.position).toBe(`${phase} epoch 4`);
    expect([...checkpoint.blobs.w]).toEqual([4, 4]);
  });
});
