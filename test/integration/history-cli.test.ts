import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-capture.ts';
import { openStore } from '../../src/main/store/store.ts';
import { smokePreset, PRESETS } from '../../src/shared/presets.ts';
import type { ExperimentSummary } from '../../src/shared/results.ts';

describe('history commands (list, show, export, cancel, delete)', () => {
  let dir: string;
  let db: string;
  let done: number;
  let interrupted: number;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-cli-'));
    db = join(dir, 'history.db');
    const store = openStore(db);
    done = store.createExperiment({ config: smokePreset, name: 'finished smoke', tags: ['keep'] });
    const arm = { arm: 'pretrained' as const, testSSE: 11.25, trainSSE: 10.5, logregAccuracy: 0.9, seconds: 2, init: 'rbm' };
    const backend = { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', native: false, gpu: false, skipped: [] };
    const summary: ExperimentSummary = { backend, config: smokePreset, seed: 1, arms: { pretrained: arm }, baselines: { pca: { testSSE: 20, logregAccuracy: 0.8 } }, seconds: 3 };
    store.writeBatch(done, { backend, arms: [arm], metrics: [{ phase: 'finetune:pretrained', epoch: 1, name: 'testSSE', value: 11.25 }], evaluations: [{ key: 'baseline:pca', data: { testSSE: 20, logregAccuracy: 0.8 } }], summary });
    store.setStatus(done, 'done');
    interrupted = store.createExperiment({ config: PRESETS.quick, name: 'stopped quick' });
    store.setStatus(interrupted, 'interrupted');
    store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists as a table and as JSON, with filters', async () => {
    const table = await cli('list', '--db', db);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/ID\s+STATUS\s+NAME/);
    expect(table.out).toMatch(new RegExp(`${done}\\s+done\\s+finished smoke.*pretrained 11\\.25, pca 20\\.00`));
    const json = JSON.parse((await cli('list', '--json', '--status', 'interrupted', '--db', db)).out) as { total: number; items: { id: number }[] };
    expect(json.total).toBe(1);
    expect(json.items[0].id).toBe(interrupted);
    const bad = await cli('list', '--status', 'exploded', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('status.0');
  });

  it('shows one experiment, or says which ID is wrong', async () => {
    const shown = await cli('show', String(done), '--db', db);
    expect(shown.out).toContain('experiment 1: finished smoke');
    expect(shown.out).toMatch(/pretrained\s+11\.250\s+10\.500\s+90\.00%/);
    expect(JSON.parse((await cli('show', String(done), '--json', '--db', db)).out).tags).toEqual(['keep']);
    expect(await cli('show', '77', '--db', db)).toMatchObject({ code: 1, err: expect.stringContaining('experiment 77 does not exist') });
    expect(await cli('show', '-1', '--db', db)).toMatchObject({ code: 2, err: expect.stringContaining('ID must be a positive integer') });
  });

  it('exports the report, CSVs and JSON to a folder', async () => {
    const out = join(dir, 'export');
    const result = await cli('export', String(done), '--out', out, '--db', db);
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['experiment-1-finished-smoke-metrics.csv', 'experiment-1-finished-smoke-results.csv', 'experiment-1-finished-smoke.html', 'experiment-1-finished-smoke.json']);
    expect(readFileSync(join(out, 'experiment-1-finished-smoke-results.csv'), 'utf8')).toBe('pca,0.8\npretrained,0.9\n');
    expect(await cli('export', String(done), '--db', db)).toMatchObject({ code: 2, err: expect.stringContaining('--out DIR is required') });
    const partial = await cli('export', String(interrupted), '--out', join(dir, 'partial'), '--db', db);
    expect(partial.err).toContain('skipped html');
    expect(existsSync(join(dir, 'partial', 'experiment-2-stopped-quick.json'))).toBe(true);
  });

  it('cancels an interrupted run, refuses to cancel a finished one, and deletes', async () => {
    expect(await cli('cancel', String(interrupted), '--db', db)).toMatchObject({ code: 0, out: `experiment ${interrupted} cancelled` });
    expect(await cli('cancel', String(done), '--db', db)).toMatchObject({ code: 1, err: expect.stringContaining('is done') });
    expect(await cli('delete', String(interrupted), '--db', db)).toMatchObject({ code: 0, out: `deleted experiment ${interrupted}` });
    expect(JSON.parse((await cli('list', '--json', '--db', db)).out).total).toBe(1);
  });
});
