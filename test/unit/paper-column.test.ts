import { describe, expect, it } from 'vitest';
import { paperColumns, paperValue } from '../../src/renderer/src/compare/paper-column.ts';
import type { MetricRow } from '../../src/renderer/src/compare/metrics-rows.ts';
import { clonePreset } from '../../src/shared/presets.ts';

describe("Compare's paper column", () => {
  it('sets the published test errors (Hinton & Salakhutdinov 2006: PCA 13.87, autoencoder 3.00) beside the test-error row only', () => {
    const row = (key: MetricRow['key']) => ({ key, label: '', better: 'lower' }) as MetricRow;
    expect(paperValue(row('testSSE'), 'pca')).toBeCloseTo(13.87, 6);
    expect(paperValue(row('testSSE'), 'autoencoder')).toBeCloseTo(3.0, 6);
    expect(paperValue(row('logregAccuracy'), 'pca')).toBeUndefined();
    expect(paperValue(row('seconds'), 'autoencoder')).toBeUndefined();
  });

  it('shows the columns for the paper preset with no caveat, and for a smaller MNIST run with the caveats', () => {
    const paper = paperColumns(clonePreset('paper'));
    expect(paper.shown).toBe(true);
    expect(paper.note).not.toContain('with care');
    const quick = clonePreset('quick');
    const small = paperColumns({ ...quick, dataset: { ...quick.dataset, trainSize: 10_000, testSize: 2_000 } });
    expect(small.shown).toBe(true);
    expect(small.note).toContain('Compare with care: training used 10,000 of the 60,000 images; the test set has 2,000 of the 10,000 images');
  });

  it('leaves the columns out where the paper is no yardstick (an 8-d code), and says why', () => {
    const smoke = paperColumns(clonePreset('smoke'));
    expect(smoke.shown).toBe(false);
    expect(smoke.note).toContain('Not set beside ours: the code has 8 dimensions, not 30');
  });
});
