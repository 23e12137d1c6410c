import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workbenchProcess } from '../support/cli-process.ts';
import { openStore } from '../../src/main/store/store.ts';


const workbench = workbenchProcess;

const tiny = ['--preset', 'smoke', '--set', 'dataset.trainSize=300', '--set', 'dataset.testSize=100', '--set', 'pretrain.epochs=1', '--set', 'finetune.epochs=1', '--set', 'evaluation.tsne.points=60', '--set', 'evaluation.tsne.iterations=100'];

describe('workbench run --seeds', () => {
  it('refuses a count outside 1..20, naming the option', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'wb-seeds-')), 'history.db');
    const result = await workbench(['run', '--seeds', '0', '--no-history'], db);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--seeds must be a whole number from 1 to 20 (got "0")');
  });

  it('runs two seeds as one group whose table is the mean of the members stored in the history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-seeds-'));
    const db = join(dir, 'history.db');
    const out = join(dir, 'out');
    const result = await workbench(['run', ...tiny, '--set', 'seed=7', '--seeds', '2', '--out', out], db);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    for (const file of ['group-summary.json', 'group-summary.csv', 'seed-7/summary.json', 'seed-8/report.html']) expect(existsSync(join(out, file)), file).toBe(true);

    // Read the members back from the history, independently of what the CLI computed.
    const store = openStore(db, { readonly: true });
    const items = store.listExperiments().items;
    const details = items.map((i) => store.getExperiment(i.id)!).sort((a, b) => a.group!.index - b.group!.index);
    store.close();
    expect(details).toHaveLength(2);
    expect(details.map((d) => d.config.seed)).toEqual([7, 8]);
    expect(details.map((d) => d.status)).toEqual(['done', 'done']);
    expect(new Set(details.map((d) => d.group!.id)).size).toBe(1);
    expect(details[0].group).toMatchObject({ index: 0, size: 2, baseSeed: 7 });
    const stored = details.map((d) => d.arms.find((a) => a.arm === 'pretrained')!.testSSE);
    expect(stored[0]).not.toBe(stored[1]);
    const mean = (stored[0] + stored[1]) / 2;
    const sd = Math.abs(stored[0] - stored[1]) / Math.SQRT2;

    const group = JSON.parse(readFileSync(join(out, 'group-summary.json'), 'utf8'));
    expect(group.groupId).toBe(details[0].group!.id);
    expect(group.experimentIds).toEqual(details.map((d) => d.id));
    const figure = group.figures.find((f: { key: string }) => f.key === 'pretrained.testSSE');
    expect(figure.mean).toBeCloseTo(mean, 9);
    expect(figure.sd).toBeCloseTo(sd, 9);
    const accuracy = group.figures.find((f: { key: string }) => f.key === 'random.logregAccuracy');
    const storedAccuracy = details.map((d) => d.arms.find((a) => a.arm === 'random')!.logregAccuracy);
    expect(accuracy.mean).toBeCloseTo((storedAccuracy[0] + storedAccuracy[1]) / 2, 9);
    const row = new RegExp(`autoencoder pretrained, test SSE/image\\s+${mean.toFixed(2).replace('.', '\\.')} ± ${sd.toFixed(2).replace('.', '\\.')} \\(2\\)`);
    expect(result.stdout).toMatch(row);
    expect(result.stdout).toContain('Fixed budget: every arm fine-tuned for the same 1 epochs.');
    // Each member's report carries the group's table, marking its own seed.
    const report = readFileSync(join(out, 'seed-8', 'report.html'), 'utf8');
    expect(report).toContain('<h2>Seed group</h2>');
    expect(report).toContain(`${mean.toFixed(2)} ± ${sd.toFixed(2)} (2)`);
    expect(report).toContain('seed 8 (this run)');

    // `show` on a member names its group and prints the same table from the history.
    const shown = await workbench(['show', String(details[1].id)], db);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`group      seed group ${details[0].group!.id}: run 2 of 2 (seeds from 7)`);
    expect(shown.stdout).toMatch(row);

    // A member exported from the history later carries the same group table in its report.
    const exported = join(dir, 'exported');
    expect((await workbench(['export', String(details[0].id), '--out', exported, '--format', 'html'], db)).code).toBe(0);
    const exportedReport = readdirSync(exported).find((f) => f.endsWith('.html'))!;
    const exportedHtml = readFileSync(join(exported, exportedReport), 'utf8');
    expect(exportedHtml).toContain(`${mean.toFixed(2)} ± ${sd.toFixed(2)} (2)`);
    expect(exportedHtml).toContain('seed 7 (this run)');
  }, 120_000);
});
