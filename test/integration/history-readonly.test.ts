import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../support/cli-capture.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/store/migrations.ts';
import { openStore } from '../../src/main/store/store.ts';
import { smokePreset } from '../../src/shared/presets.ts';

/*
 * Issue 14 items 5 and 9 (the --db part): reading commands open the history read-only and work
 * on a file and folder this user cannot write; write commands say why they cannot; a newer
 * schema is refused with both versions; every database error names the file; a --db or
 * WORKBENCH_DB that is empty or in a missing folder is an error, not a new folder tree.
 *
 * Root ignores file modes, so the permission cases run the CLI as `nobody` when the tests run
 * as root (and as this user otherwise): the file really is read-only to that process.
 */
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'workbench.js');
const NOBODY = 65534;
const asOtherUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

function cliAsReader(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, ...asOtherUser, env: { ...process.env, HOME: tmpdir(), WORKBENCH_BACKEND: 'wasm' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => done({ code, out, err }));
  });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const dirs: string[] = [];
function scratch(mode = 0o755): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-ro-'));
  chmodSync(dir, mode);
  dirs.push(dir);
  return dir;
}

/** A history with one finished experiment (test SSE 11.25), closed so its WAL is folded into the file. */
function seedHistory(path: string): number {
  const store = openStore(path);
  const id = store.createExperiment({ config: smokePreset, name: 'finished smoke' });
  const arm = { arm: 'pretrained' as const, testSSE: 11.25, trainSSE: 10.5, logregAccuracy: 0.9, seconds: 2, init: 'rbm' };
  store.writeBatch(id, { arms: [arm], metrics: [{ phase: 'finetune:pretrained', epoch: 1, name: 'testSSE', value: 11.25 }] });
  store.setStatus(id, 'done');
  store.close();
  return id;
}

afterAll(() => {
  for (const dir of dirs) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('a history this user cannot write (file 444 in a folder 555)', () => {
  let dir: string;
  let db: string;
  let id: number;
  let before: string;
  const exportDir = join(scratch(0o777), 'export');

  beforeAll(() => {
    dir = scratch();
    db = join(dir, 'history.db');
    id = seedHistory(db);
    chmodSync(db, 0o444);
    chmodSync(dir, 0o555);
    before = sha256(db);
  });

  it('list, show and export read it; delete, cancel, resume and run say the file is read-only', async () => {
    mkdirSync(exportDir, { recursive: true });
    chmodSync(exportDir, 0o777);
    const [list, show, exported, del, cancel, resumed, run] = await Promise.all([
      cliAsReader(['list', '--db', db]),
      cliAsReader(['show', String(id), '--json', '--db', db]),
      cliAsReader(['export', String(id), '--out', exportDir, '--format', 'json', '--db', db]),
      cliAsReader(['delete', String(id), '--db', db]),
      cliAsReader(['cancel', String(id), '--db', db]),
      cliAsReader(['resume', String(id), '--db', db]),
      cliAsReader(['run', '--preset', 'smoke', '--db', db]),
    ]);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(new RegExp(`${id}\\s+done\\s+finished smoke`));
    expect(show.code, show.err).toBe(0);
    expect((JSON.parse(show.out) as { arms: { testSSE: number }[] }).arms[0].testSSE).toBe(11.25);
    expect(exported.code, exported.err).toBe(0);
    expect(readdirSync(exportDir).some((f) => f.endsWith('.json'))).toBe(true);
    for (const [name, result] of Object.entries({ delete: del, cancel, resume: resumed, run })) {
      expect(result.code, name).toBe(1);
      expect(result.err, name).toContain(`the history file ${db} is read-only for this user`);
    }
    expect(sha256(db)).toBe(before);
    expect(readdirSync(dir)).toEqual(['history.db']); // no -wal or -shm was created
  }, 120_000);
});

describe('reading without changing the file', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('list and show on an older schema neither migrate it nor switch it to WAL', async () => {
    const db = join(scratch(), 'old.db');
    const old = new Database(db);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) {
      old.exec(migration.sql);
      old.pragma(`user_version = ${migration.version}`);
    }
    old.prepare(`INSERT INTO experiments (name, status, dataset, config, created_at, updated_at) VALUES ('v2 run', 'done', 'mnist', ?, 't', 't')`).run(JSON.stringify(smokePreset));
    old.close();
    const before = sha256(db);
    const list = await cli('list', '--db', db);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/1\s+done\s+v2 run/);
    expect((await cli('show', '1', '--db', db)).code).toBe(0);
    expect(sha256(db)).toBe(before);
    const after = new Database(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  it('refuses a history from a newer workbench, naming the file and both versions', async () => {
    const db = join(scratch(), 'newer.db');
    seedHistory(db);
    const newer = new Database(db);
    newer.pragma(`user_version = ${LATEST_VERSION + 1}`);
    newer.close();
    for (const command of [['list'], ['show', '1'], ['delete', '1']]) {
      const result = await cli(...command, '--db', db);
      expect(result.code, command[0]).toBe(1);
      expect(result.err).toContain(`the history file ${db} is at schema version ${LATEST_VERSION + 1}, newer than this workbench knows (${LATEST_VERSION})`);
    }
  });

  it('names the file in a database error (a file that is not a database)', async () => {
    const db = join(scratch(), 'notes.db');
    writeFileSync(db, 'these are not the droids you are looking for'.repeat(100));
    for (const command of [['list'], ['delete', '1']]) {
      const result = await cli(...command, '--db', db);
      expect(result.code).toBe(1);
      expect(result.err).toContain(db);
      expect(result.err).toMatch(/not a database/);
    }
  });

  it('an empty --db or WORKBENCH_DB, or one in a missing folder, is an error naming it; nothing is created', async () => {
    const dir = scratch();
    const missing = join(dir, 'missing', 'folder', 'x.db');
    const empty = await cli('list', '--db', '');
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('--db is empty');
    for (const command of [['list'], ['delete', '1'], ['run', '--preset', 'smoke']]) {
      const result = await cli(...command, '--db', missing);
      expect(result.code, command[0]).toBe(1);
      expect(result.err).toContain(`the folder of the history file ${missing} does not exist`);
    }
    vi.stubEnv('WORKBENCH_DB', '');
    expect((await cli('list')).err).toContain('WORKBENCH_DB is empty');
    vi.stubEnv('WORKBENCH_DB', missing);
    expect((await cli('delete', '1')).err).toContain(`the folder of the history file ${missing} does not exist`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('the default location still creates its own folder', async () => {
    const home = scratch();
    vi.stubEnv('WORKBENCH_DB', undefined as unknown as string);
    vi.stubEnv('XDG_DATA_HOME', home);
    const result = await cli('delete', '1');
    expect(result.err).toContain('experiment 1 does not exist');
    expect(existsSync(join(home, 'autoencoder-workbench', 'workbench.db'))).toBe(true);
  });
});
