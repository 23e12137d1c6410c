import { describe, expect, it } from 'vitest';
import { humanTime } from '../../src/main/export/human-time.ts';
import { debiasSection } from '../../src/main/export/report-debias.ts';
import { skipReason } from '../../src/main/export/skip-reason.ts';
import type { DebiasSummary } from '../../src/shared/debias-results.ts';
import type { ExperimentSummary } from '../../src/shared/results.ts';

function method(auroc: number): DebiasSummary['methods'][string] {
  return { auroc, averagePrecision: auroc / 2, precision: 0.4, recall: 0.35, perClass: [], seconds: 1.25 };
}

const debias: DebiasSummary = {
  dataset: { skew: 0.95, severity: 4, seed: 1, trainCount: 600, testCount: 300 },
  contamination: 0.05,
  methods: { 'gce-pixel-bag': method(0.81), 'knn-code': method(0.93) },
  best: 'knn-code',
  classifier: { plain: 0.612, reweighted: 0.701, flaggedBy: 'gce-pixel-bag', upweight: 19 },
  seconds: 4,
};

describe('the report of a debias run', () => {
  it('has a section with each method, the best marked, and why the classifier upweights another', () => {
    const html = debiasSection({ debias } as unknown as ExperimentSummary);
    expect(html).toContain('<section id="debias">');
    expect(html).toContain('<td>knn-code <small>(best)</small></td><td>0.930</td><td>0.465</td><td>40.0%</td><td>35.0%</td><td>1.3</td>');
    expect(html).toContain('<td>gce-pixel-bag</td><td>0.810</td>');
    expect(html).toContain('plain 61.2%; upweighting gce-pixel-bag’s flags ×19 70.1%');
    expect(html).toContain('not the best method knn-code');
  });

  it('has no debias section without debias results, and no why-sentence when the classifier used the best', () => {
    expect(debiasSection({} as ExperimentSummary)).toBe('');
    const same = { ...debias, classifier: { ...debias.classifier!, flaggedBy: 'knn-code' } };
    expect(debiasSection({ debias: same } as unknown as ExperimentSummary)).not.toContain('not the best method');
  });
});

describe('report wording', () => {
  it('writes times as a reader does, in UTC', () => {
    expect(humanTime('2026-12-06T01:45:06.123Z')).toBe('6 Dec 2026, 01:45 UTC');
    expect(humanTime(new Date(Date.UTC(2027, 0, 31, 23, 5)))).toBe('31 Jan 2027, 23:05 UTC');
    expect(humanTime('not a time')).toBe('not a time');
  });

  it('says a backend package is not installed instead of printing Node’s resolution error', () => {
    const node = "Cannot find module '@tensorflow/tfjs-node/dist/index.js'\nRequire stack:\n- /work/main/src/engine/backend.ts";
    expect(skipReason(node)).toBe('@tensorflow/tfjs-node is not installed');
    expect(skipReason("Cannot find package 'webgpu' imported from /x/y.js")).toBe('webgpu is not installed');
    expect(skipReason('no hardware adapter\nsecond line')).toBe('no hardware adapter');
  });
});
