import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { workbenchProcess } from '../support/cli-process.ts';
import { firstDifference, inkIn } from '../unit/png-pixels.ts';


const db = join(mkdtempSync(join(tmpdir(), 'wb-db-')), 'history.db');

function workbench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return workbenchProcess(args, db);
}

describe('workbench run', () => {
  it('runs the smoke preset and writes every output file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wb-run-'));
    const result = await workbench(['run', '--preset', 'smoke', '--set', 'evaluation.tsne.points=60', '--set', 'evaluation.tsne.iterations=100', '--set', 'evaluation.umap=true', '--out', out]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    for (const file of ['summary.json', 'metrics.csv', 'results.csv', 'reconstructions.png', 'curves.svg', 'tsne-raw.svg', 'tsne-pretrained.svg', 'umap-random.svg', 'report.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.backend.name).toBe('wasm');
    expect(summary.seed).toBe(1);
    expect(summary.arms.pretrained.testSSE).toBeGreaterThan(5);
    expect(summary.arms.pretrained.testSSE).toBeLessThan(80);
    expect(summary.arms.random.logregAccuracy).toBeGreaterThan(0.1);
    expect(summary.baselines.pca.testSSE).toBeGreaterThan(10);
    expect(summary.baselines.raw.logregAccuracy).toBeGreaterThan(0.6);
    // Every map is scored against the pixels; the codes' maps also against the codes (measured: pretrained 0.64 vs 0.99, UMAP of raw pixels 0.82).
    expect(summary.tsne.raw.trustworthinessOwnSpace).toBeUndefined();
    expect(summary.tsne.pretrained.trustworthinessOwnSpace).toBeGreaterThan(summary.tsne.pretrained.trustworthiness + 0.1);
    expect(summary.tsne.pretrained.kl).toBeGreaterThan(0);
    expect(summary.umap.raw.trustworthiness).toBeGreaterThan(0.7);
    expect(summary.umap.raw.trustworthiness).toBeLessThanOrEqual(1);
    expect(result.stdout).toContain('Fixed budget: every arm fine-tuned for the same 2 epochs.');
    // Pixels are used as they are; PCA codes are standardised; each fit says whether L-BFGS converged.
    expect(summary.baselines.raw.logreg).toMatchObject({ maxIterations: 100, standardised: false });
    expect(summary.baselines.pca.logreg).toMatchObject({ converged: true, standardised: true });
    const results = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    const accuracies = Object.fromEntries(results.map((line) => line.split(',')).map(([name, value]) => [name, Number(value)]));
    expect(Object.keys(accuracies)).toEqual(expect.arrayContaining(['raw', 'pca', 'pretrained', 'random']));
    expect(accuracies.pretrained).toBeCloseTo(summary.arms.pretrained.logregAccuracy, 6);
    // reconstructions.png is the report's grid, pixel for pixel, with the rows named in a margin on its left.
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    const reportGrid = PNG.sync.read(Buffer.from(/image-rendering:pixelated" href="data:image\/png;base64,([^"]+)"/.exec(report)![1], 'base64'));
    const figure = PNG.sync.read(readFileSync(join(out, 'reconstructions.png')));
    const margin = figure.width - reportGrid.width;
    expect(margin).toBeGreaterThan(60);
    expect(figure.height).toBe(reportGrid.height);
    expect(firstDifference(figure, margin, reportGrid)).toBeUndefined();
    expect(inkIn(figure, 0, 0, margin, figure.height)).toBeGreaterThan(300);
    const listed = JSON.parse((await workbench(['list', '--json'])).stdout);
    const items = Array.isArray(listed) ? listed : listed.items;
    expect(items).toHaveLength(1);
    expect(items[0].status).toBe('done');
    expect(items[0].preset).toBe('smoke');
    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8');
    expect(metrics).toMatch(/^phase,epoch,name,value/);
    expect(metrics).toMatch(/pretrain:1,2,trainSSE,/);
    expect(metrics).toMatch(/finetune:random,2,testSSE,/);
  });

  it('exits non-zero and names the field for an invalid config', async () => {
    const bad = await workbench(['run', '--preset', 'smoke', '--set', 'pretrain.epochs=-2', '--set', 'finetune.batchSize=100000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pretrain\.epochs: must be at least 0/);
    expect(bad.stderr).toMatch(/finetune\.batchSize: must be at most 60000/);
  });

  it('rejects an unknown preset, an unknown key and a missing dataset folder', async () => {
    const preset = await workbench(['run', '--preset', 'nope']);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toMatch(/preset: unknown preset "nope" \(allowed: paper, quick/);
    const key = await workbench(['run', '--preset', 'smoke', '--set', 'finetune.lr=0.1']);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/finetune\.lr: is not a known field/);
    const dir = mkdtempSync(join(tmpdir(), 'wb-cfg-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ preset: 'smoke', dataset: { name: 'idx', path: join(dir, 'missing'), trainSize: 100, testSize: 100 } }));
    const missing = await workbench(['run', '--config', config]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(dir, 'missing'));
  });

  it('rejects layer sizes that do not match the data and a batch larger than the data', async () => {
    const result = await workbench(['run', '--preset', 'smoke', '--set', 'layers=[100,20]', '--set', 'pretrain.batchSize=600']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/layers\.0: must be 784/);
    expect(result.stderr).toMatch(/pretrain\.batchSize: must be at most dataset\.trainSize \(500\)/);
  });
});
