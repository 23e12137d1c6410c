import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { smokePreset } from '../../src/shared/presets.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import type { ExperimentDetail } from '../../src/shared/api.ts';
import { openStore } from '../../src/main/store/store.ts';
import { WorkbenchService } from '../../src/main/service/service.ts';

/*
 * The crash test, with the real engine: a `workbench serve` child process runs a small
 * experiment on a temp database and is killed with SIGKILL in the middle of fine-tuning. The
 * file must pass integrity_check, the next start must show the run interrupted, `workbench
 * resume` must finish it, and its final metrics must match an uninterrupted run with the same seed.
 */

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'workbench.js');

const config: ExperimentConfig = {
  ...structuredClone(smokePreset),
  seed: 7,
  finetune: { ...smokePreset.finetune, epochs: 3 },
  // Baselines, reconstructions and t-SNE do not take part in checkpoints; leaving them out keeps the test short.
  baselines: [],
  evaluation: { ...smokePreset.evaluation, reconstructions: false, tsne: { ...smokePreset.evaluation.tsne, points: 0 } },
};

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, WORKBENCH_DB: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

function startHostProcess(db: string): Promise<{ child: ChildProcess; url: string; port: number; token: string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0'], { cwd: root });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/.exec(output);
      if (match) resolveStart({ child, url: match[1], port: Number(match[2]), token: match[3] });
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`workbench serve exited (${code}) before printing its URL:\n${output}`)));
  });
}

async function waitForCheckpoint(db: string, id: number, pattern: RegExp, timeoutMs: number): Promise<string> {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const row = reader.prepare('SELECT position FROM checkpoints WHERE experiment_id = ?').get(id) as { position: string } | undefined;
      if (row && pattern.test(row.position)) return row.position;
      await new Promise((r) => setTimeout(r, 15));
    }
    throw new Error(`no checkpoint matching ${pattern} within ${timeoutMs} ms`);
  } finally {
    reader.close();
  }
}

describe('kill -9 mid-run, then resume (real engine, smoke-sized)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-kill-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves a sound database, shows the run interrupted, and resumes it to the uninterrupted result', async () => {
    // The uninterrupted reference run goes on alongside, in this process's own worker thread.
    const straightStore = openStore(join(dir, 'straight.db'));
    const service = new WorkbenchService({ store: straightStore });
    const { id: straightId } = await service.request('createExperiment', { config, name: 'uninterrupted' });
    const straightDone = service.runner.waitFor(straightId);

    const killedDb = join(dir, 'killed.db');
    const host = await startHostProcess(killedDb);
    const created = await fetch(`http://127.0.0.1:${host.port}/api/createExperiment`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ config, name: 'to be killed' }),
    });
    const { output } = (await created.json()) as { output: { id: number } };
    const id = output.id;
    const position = await waitForCheckpoint(killedDb, id, /^finetune:pretrained epoch \d+$/, 90_000);
    host.child.kill('SIGKILL');
    await new Promise((r) => host.child.once('exit', r));

    const raw = new Database(killedDb);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((raw.prepare('SELECT status FROM experiments WHERE id = ?').get(id) as { status: string }).status).toBe('running');
    raw.close();

    // The next start (any workbench process opening the history) shows the run interrupted.
    const restarted = new WorkbenchService({ store: openStore(killedDb) });
    const { items } = await restarted.request('listExperiments', {});
    await restarted.close();
    restarted.store.close();
    expect(items.find((e) => e.id === id)).toMatchObject({ status: 'interrupted', position: expect.stringMatching(/^finetune:pretrained epoch \d+$/) });
    expect(items.find((e) => e.id === id)!.error).toMatch(/resume/);

    const resumed = await runCli(['resume', String(id), '--db', killedDb]);
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toContain(`resuming experiment ${id} from ${position.split(' epoch')[0]}`);
    expect(resumed.code).toBe(0);

    expect(await straightDone).toBe('done');
    const straight = straightStore.getExperiment(straightId)!;
    await service.close();
    straightStore.close();

    const store = openStore(killedDb);
    const finished: ExperimentDetail = store.getExperiment(id)!;
    store.close();
    expect(finished.status).toBe('done');
    expect(finished.backend).toBe(straight.backend);
    const lines: string[] = [];
    for (const arm of ['pretrained', 'random'] as const) {
      const a = finished.arms.find((r) => r.arm === arm)!;
      const b = straight.arms.find((r) => r.arm === arm)!;
      lines.push(`${arm}: resumed test SSE ${a.testSSE.toFixed(4)} vs uninterrupted ${b.testSSE.toFixed(4)}; logreg ${a.logregAccuracy} vs ${b.logregAccuracy}`);
      expect(Math.abs(a.testSSE - b.testSSE) / b.testSSE).toBeLessThan(1e-3);
      expect(Math.abs(a.logregAccuracy - b.logregAccuracy)).toBeLessThanOrEqual(0.01);
    }
    console.log(`killed at ${position} (${finished.backend}); ${lines.join('; ')}`);
    const epochsOf = (d: ExperimentDetail) => d.metrics.filter((m) => m.name === 'testSSE' && m.phase.startsWith('finetune:')).map((m) => `${m.phase}/${m.epoch}`);
    expect(epochsOf(finished)).toEqual(epochsOf(straight));
  });
});
