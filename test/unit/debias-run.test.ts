import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { flaggedSampleGrid } from '../../src/engine/debias/flagged-grid.ts';
import { generateColoredMnist } from '../../src/engine/debias/generate.ts';
import { runDebias, type RunDebiasArgs } from '../../src/engine/debias/run-debias.ts';
import { DEFAULT_DEBIAS_SETTINGS } from '../../src/engine/debias/settings.ts';
import { RunCancelledError } from '../../src/engine/run-types.ts';
import { syntheticDigits } from './debias-fixtures.ts';

const data = generateColoredMnist({ train: syntheticDigits(1000, 1), test: syntheticDigits(300, 2) }, { skew: 0.9, severity: 1, seed: 1 });
const tiny: RunDebiasArgs['settings'] = {
  gceMlp: { ...DEFAULT_DEBIAS_SETTINGS.gceMlp, maxSteps: 20, batchSize: 64, snapshots: 2 },
  gcePixelBag: { ...DEFAULT_DEBIAS_SETTINGS.gcePixelBag, epochs: 4, batchSize: 64 },
  classifier: { ...DEFAULT_DEBIAS_SETTINGS.classifier, hidden: 32, epochs: 2, batchSize: 64, learningRate: 0.003 },
};
const config = { skew: 0.9, severity: 1 as const, contamination: 0.1, seed: 1 };

describe('runDebias', () => {
  it('scores every detector per class, flags a tenth of each class and compares the classifiers', async () => {
    const events: PipelineEvent[] = [];
    const summary = await runDebias({ train: data.train, test: data.test, config, settings: tiny, onEvent: (e) => events.push(e) });
    expect(Object.keys(summary.methods)).toEqual(['knn-pixels', 'gce-mlp', 'gce-pixel-bag']);
    expect(summary.methods['gce-pixel-bag'].auroc).toBeGreaterThan(0.95);
    expect(summary.methods['knn-pixels'].auroc).toBeGreaterThan(0.9);
    expect(summary.best).toBe(Object.entries(summary.methods).sort((a, b) => b[1].auroc - a[1].auroc)[0][0]);
    for (const method of Object.values(summary.methods)) {
      expect(method.perClass.map((c) => c.digit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const c of method.perClass) {
        expect(c.count).toBe(100);
        expect(c.flagged).toBe(10);
        expect(c.topFlagged.every((i) => data.train.images.labels[i] === c.digit)).toBe(true);
        expect(c.auroc).toBeGreaterThanOrEqual(0);
        expect(c.auroc).toBeLessThanOrEqual(1);
      }
      const meanRecall = method.perClass.reduce((s, c) => s + c.recall, 0) / 10;
      expect(method.recall).toBeCloseTo(meanRecall, 10);
    }
    expect(summary.classifier?.flaggedBy).toBe('gce-pixel-bag');
    expect(summary.classifier?.upweight).toBeCloseTo(9, 6);
    expect(summary.classifier?.plain).toBeGreaterThan(0.8);
    expect(summary.classifier?.reweighted).toBeGreaterThan(0.8);
    const grid = flaggedSampleGrid(data.train.images, summary.methods['gce-pixel-bag'].perClass[3], 4, 2);
    expect(grid.rows.map((r) => r.label)).toEqual(['digit 3, ranks 1-4', 'digit 3, ranks 5-8']);
    expect(grid.rows[0].images[0]).toHaveLength(2352);
    expect(grid.digits).toEqual(new Array(8).fill(3));
    const phases = events.filter((e) => e.type === 'phase-end').map((e) => (e.type === 'phase-end' ? e.phase : ''));
    expect(phases).toEqual(['debias:knn-pixels', 'debias:gce-mlp', 'debias:gce-pixel-bag', 'debias:classifier']);
  });

  it('runs kNN on the codes of a given encoder, and names a broken one', async () => {
    const seen: number[] = [];
    const encode = (images: Float32Array, count: number) => {
      seen.push(images.length / count);
      // Mean colour of each image: a stand-in for an encoder whose codes keep colour.
      const codes = new Float32Array(count * 3);
      for (let i = 0; i < count; i++) for (let p = 0; p < 784; p++) for (let c = 0; c < 3; c++) codes[i * 3 + c] += images[i * 2352 + p * 3 + c];
      return codes;
    };
    const summary = await runDebias({ train: data.train, test: data.test, config, encode, methods: ['knn'], reweightBy: 'none' });
    expect(seen).toEqual([2352]);
    expect(Object.keys(summary.methods)).toEqual(['knn-codes']);
    expect(summary.methods['knn-codes'].auroc).toBeGreaterThan(0.97);
    expect(summary.classifier).toBeUndefined();
    await expect(
      runDebias({ train: data.train, test: data.test, config, encode: (_x, n) => new Float32Array(n * 2 + 1), methods: ['knn'], reweightBy: 'none' }),
    ).rejects.toThrow(/encode returned 2001 values for 1000 images/);
  });

  it('stops with RunCancelledError when aborted, and refuses to reweight by a method it did not run', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runDebias({ train: data.train, test: data.test, config, settings: tiny, signal: controller.signal })).rejects.toBeInstanceOf(
      RunCancelledError,
    );
    await expect(runDebias({ train: data.train, test: data.test, config, methods: ['knn'] })).rejects.toThrow(
      /reweightBy "gce-pixel-bag" must be one of the methods run \(knn\) or "none"/,
    );
  });
});
