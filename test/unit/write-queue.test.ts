import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBusy } from '../../src/main/store/db-errors.ts';
import { WriteQueue, type WriteQueueState } from '../../src/main/store/write-queue.ts';

/*
 * Two connections to one file, as two processes would have: `other` takes the write lock with
 * BEGIN IMMEDIATE, `ours` writes with a 50 ms busy timeout through the queue.
 */
describe('WriteQueue: writes that find the history locked by another connection', () => {
  let dir: string;
  let path: string;
  let ours: Database.Database;
  let other: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-queue-'));
    path = join(dir, 'h.db');
    ours = new Database(path);
    ours.pragma('journal_mode = WAL');
    ours.pragma('busy_timeout = 50');
    ours.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL)');
    other = new Database(path);
  });

  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    ours.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (label: string) => () => void ours.prepare('INSERT INTO log (label) VALUES (?)').run(label);
  const stored = () => (ours.prepare('SELECT label FROM log ORDER BY seq').all() as { label: string }[]).map((r) => r.label);

  it('queues every write behind the lock and stores them in submission order once it clears', async () => {
    const queue = new WriteQueue(path, { retryMs: 20, maxRetryMs: 80 });
    const states: WriteQueueState[] = [];
    queue.onChange((state) => states.push(state));
    queue.submit('before', insert('before'));
    other.exec('BEGIN IMMEDIATE');
    let direct: unknown;
    try {
      insert('direct')();
    } catch (error) {
      direct = error;
    }
    expect(isBusy(direct)).toBe(true); // the lock is real: a plain write fails after the busy timeout
    for (const label of ['e1', 'e2', 'e3', 'e4', 'e5']) queue.submit(label, insert(label));
    expect(queue.waiting).toBe(5);
    expect(stored()).toEqual(['before']);
    setTimeout(() => other.exec('COMMIT'), 300);
    expect(await queue.drain(5_000)).toEqual([]);
    expect(stored()).toEqual(['before', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(states[0]).toMatchObject({ locked: true, waiting: 1, path });
    expect(states.at(-1)).toMatchObject({ locked: false, waiting: 0, unstored: [] });
  });

  it('gives up after the drain timeout and names every write it could not store', async () => {
    const queue = new WriteQueue(path, { retryMs: 20, maxRetryMs: 40 });
    other.exec('BEGIN IMMEDIATE');
    queue.submit('epoch 1 metrics', insert('e1'));
    queue.submit('final status', insert('done'));
    const pending = queue.perform('a read-back', () => 1);
    const unstored = await queue.drain(200);
    expect(unstored).toEqual(['epoch 1 metrics (the history stayed locked)', 'final status (the history stayed locked)', 'a read-back (the history stayed locked)']);
    await expect(pending).rejects.toThrow(path);
    other.exec('ROLLBACK');
    expect(stored()).toEqual([]);
  });

  it('throws a failure other than the lock at once, naming the file', () => {
    const queue = new WriteQueue(path);
    let thrown: unknown;
    try {
      queue.submit('bad', () => void ours.prepare('INSERT INTO missing_table VALUES (1)').run());
    } catch (error) {
      thrown = error;
    }
    expect(String((thrown as Error).message)).toContain(path);
    expect(isBusy(thrown)).toBe(false);
    expect(queue.waiting).toBe(0);
  });
});
