import { describe, expect, it } from 'vitest';
import { smokePreset, paperPreset } from '../../src/shared/presets.ts';
import { validateConfig } from '../../src/shared/validate.ts';
import { armCurves, layerCurves } from '../../src/renderer/src/charts/curves.ts';
import { difference, formatDifference, metricRows, winner } from '../../src/renderer/src/compare/metrics-rows.ts';
import { estimateSeconds, experimentFlops, formatDuration, measuredFlopsPerSecond, trainingFlops } from '../../src/renderer/src/estimate.ts';
import { getPath, setPathInPlace } from '../../src/renderer/src/form/config-path.ts';
import { blockingReason, messagesFor } from '../../src/renderer/src/form/field-errors.ts';
import { parseFieldText } from '../../src/renderer/src/form/field-text.ts';
import { ALL_FIELDS } from '../../src/renderer/src/form/fields.ts';
import { parseDebiasSummary } from '../../src/renderer/src/debias/debias-schema.ts';
import { applyPipelineEvent, emptyLiveRun, mergeReconstructions } from '../../src/renderer/src/live/live-run.ts';

describe('New run form', () => {
  it('has a field for every leaf of the config that a user sets', () => {
    for (const field of ALL_FIELDS) {
      if (field.path === 'dataset.path' || field.kind === 'optional-number') continue;
      expect(getPath(paperPreset, field.path), field.path).not.toBeUndefined();
    }
  });

  it('leaves an empty optional number out of the config so the engine derives it', () => {
    expect(parseFieldText('optional-number', '  ')).toBeUndefined();
    expect(parseFieldText('optional-number', '0.05')).toBe(0.05);
    const config = structuredClone(smokePreset);
    setPathInPlace(config, 'debias.contamination', parseFieldText('optional-number', '0.05'));
    expect(config.debias.contamination).toBe(0.05);
    setPathInPlace(config, 'debias.contamination', parseFieldText('optional-number', ''));
    expect('contamination' in config.debias).toBe(false);
    expect(validateConfig(config).ok).toBe(true);
  });

  it('turns typed text into values the shared schema judges, naming the field', () => {
    const config = structuredClone(smokePreset);
    setPathInPlace(config, 'pretrain.batchSize', parseFieldText('int', '600'));
    const crossField = validateConfig(config);
    const crossErrors = crossField.ok ? [] : crossField.errors;
    expect(messagesFor(crossErrors, 'pretrain.batchSize')).toEqual(['Batch size must be at most training images (500)']);
    expect(blockingReason(crossErrors)).toBe('Fix this field to start: RBM pretraining batch size must be at most training images (500).');

    setPathInPlace(config, 'layers', parseFieldText('layers', '784-64-abc'));
    setPathInPlace(config, 'finetune.epochs', parseFieldText('int', '-1'));
    const schema = validateConfig(config);
    const errors = schema.ok ? [] : schema.errors;
    expect(messagesFor(errors, 'layers')).toEqual(['Layer 3 size must be a number']);
    expect(messagesFor(errors, 'finetune.epochs')).toEqual(['Epochs must be at least 0']);
    // The batch size that is too big is reported with the schema errors, not after they are fixed.
    expect(messagesFor(errors, 'pretrain.batchSize')).toEqual(['Batch size must be at most training images (500)']);
    expect(blockingReason(errors)).toMatch(/^Fix 3 fields to start: /);
  });

  it('keeps unparseable numbers as text so validation reports them', () => {
    expect(parseFieldText('number', '0.1')).toBe(0.1);
    expect(parseFieldText('number', '1e-3')).toBeCloseTo(0.001, 12);
    expect(parseFieldText('int', 'ten')).toBe('ten');
    expect(parseFieldText('layers', '784, 1000 500')).toEqual([784, 1000, 500]);
  });

  it('estimates the paper preset as far longer than smoke', () => {
    const rate = 2e10;
    const smoke = estimateSeconds(smokePreset, rate);
    const paper = estimateSeconds(paperPreset, rate);
    expect(paper / smoke).toBeGreaterThan(1000);
    // 784-1000-500-250-30 has 1,416,500 weights; two arms of 200 CG epochs (3 line searches, about 10 evaluations a batch) on 60k images dominate.
    const finetune = 12 * 1_416_500 * 60_000 * 200 * 10 * 2;
    expect(experimentFlops(paperPreset)).toBeGreaterThan(finetune);
    expect(experimentFlops(paperPreset)).toBeLessThan(finetune * 1.1);
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
  });
});

describe('Measured speed', () => {
  it('divides training work by the seconds the training epochs took, ignoring other phases', () => {
    const metrics = [
      { phase: 'pretrain:1', epoch: 1, name: 'seconds', value: 1.5 },
      { phase: 'pretrain:1', epoch: 1, name: 'trainSSE', value: 40 },
      { phase: 'finetune:random', epoch: 1, name: 'seconds', value: 2.5 },
      { phase: 'tsne:raw', epoch: 1, name: 'seconds', value: 100 },
    ];
    expect(measuredFlopsPerSecond(smokePreset, metrics)).toBeCloseTo(trainingFlops(smokePreset) / 4, 0);
    expect(measuredFlopsPerSecond(smokePreset, [])).toBeUndefined();
  });
});

describe('Live run state', () => {
  it('folds events into phases, curves per layer and arm, progress and grids', () => {
    const run = emptyLiveRun(7);
    const grid = (label: string) => ({ rows: [{ label: 'original', images: [[0]] }, { label, images: [[0.5]] }], height: 1, width: 1, channels: 1, digits: [3] });
    for (let layer = 1; layer <= 3; layer++) {
      applyPipelineEvent(run, { type: 'phase-start', phase: `pretrain:${layer}`, epochs: 2, samplesPerEpoch: 500 });
      for (let epoch = 1; epoch <= 2; epoch++) {
        applyPipelineEvent(run, { type: 'epoch', phase: `pretrain:${layer}`, epoch, metrics: { trainSSE: 50 / layer / epoch } });
      }
      applyPipelineEvent(run, { type: 'progress', phase: `pretrain:${layer}`, fraction: layer / 6, samplesPerSec: 1000, etaSeconds: 3 });
    }
    for (const arm of ['pretrained', 'random'] as const) {
      applyPipelineEvent(run, { type: 'epoch', phase: `finetune:${arm}`, epoch: 1, metrics: { testSSE: arm === 'random' ? 20 : 10, trainLoss: 90 } });
      applyPipelineEvent(run, { type: 'artifact', kind: 'reconstructions', phase: `finetune:${arm}`, grid: grid(arm) });
    }
    applyPipelineEvent(run, { type: 'progress', phase: 'pretrain:1', fraction: 0.1, samplesPerSec: 1, etaSeconds: 1 });

    expect(run.status).toBe('running');
    expect(run.fraction).toBeCloseTo(0.5, 10);
    const layers = layerCurves(run.metrics, 'trainSSE', [784, 64, 32, 8]);
    expect(layers.map((c) => c.name)).toEqual(['RBM 1 (784→64)', 'RBM 2 (64→32)', 'RBM 3 (32→8)']);
    expect(layerCurves(run.metrics, 'trainSSE', [784, 64, 32, 8], true).map((c) => c.name)).toEqual(['RBM 1 (784→64) on pixels', 'RBM 2 (64→32) on RBM-1 probabilities', 'RBM 3 (32→8) on RBM-2 probabilities']);
    expect(layers[1].points).toEqual([
      [1, 25],
      [2, 12.5],
    ]);
    const arms = armCurves(run.metrics, 'testSSE');
    expect(arms.map((c) => [c.name, c.points[0][1], c.dashed])).toEqual([
      ['pretrained', 10, false],
      ['random', 20, true],
    ]);
    expect(mergeReconstructions(run.reconstructions)?.rows.map((r) => r.label)).toEqual(['original', 'pretrained', 'random']);
  });

  it('keeps the last value when an epoch is reported twice (stored + live)', () => {
    const run = emptyLiveRun(1);
    applyPipelineEvent(run, { type: 'epoch', phase: 'finetune:random', epoch: 1, metrics: { testSSE: 30 } });
    applyPipelineEvent(run, { type: 'epoch', phase: 'finetune:random', epoch: 1, metrics: { testSSE: 29 } });
    expect(armCurves(run.metrics, 'testSSE')[0].points).toEqual([[1, 29]]);
  });
});

describe('Compare table', () => {
  const a = { arm: 'pretrained' as const, testSSE: 5, trainSSE: 4, logregAccuracy: 0.95, seconds: 10, init: 'rbm' };
  const b = { arm: 'random' as const, testSSE: 9, trainSSE: 8, logregAccuracy: 0.9, seconds: 4, init: 'glorot-uniform' };

  it('puts baselines beside the arms and says which side wins each row', () => {
    const rows = metricRows(a, b, { pca: { testSSE: 13.87, logregAccuracy: 0.88 }, raw: { logregAccuracy: 0.92 } });
    const test = rows.find((r) => r.key === 'testSSE')!;
    const accuracy = rows.find((r) => r.key === 'logregAccuracy')!;
    const time = rows.find((r) => r.key === 'seconds')!;
    expect(difference(test)).toBeCloseTo(-4, 12);
    expect(winner(test)).toBe('a');
    expect(winner(accuracy)).toBe('a');
    expect(winner(time)).toBe('b');
    expect(test.pca).toBeCloseTo(13.87, 12);
    expect(accuracy.raw).toBeCloseTo(0.92, 12);
    expect(formatDifference('logregAccuracy', difference(accuracy))).toBe('+5.00 pt');
    expect(formatDifference('testSSE', difference(test))).toBe('−4.000');
  });
});

describe('Debias results', () => {
  const perClass = {
    digit: 3,
    count: 100,
    conflicting: 10,
    flagged: 12,
    auroc: 0.91,
    averagePrecision: 0.7,
    precision: 0.75,
    recall: 0.9,
    topFlagged: [4, 8],
    topFlaggedConflicting: [true, false],
    curve: { precision: [1, 0.5], recall: [0.1, 1] },
  };
  const summary = {
    dataset: { skew: 0.9, severity: 1, seed: 1, trainCount: 1000, testCount: 100 },
    contamination: 0.1,
    methods: { reconstruction: { auroc: 0.91, averagePrecision: 0.7, precision: 0.75, recall: 0.9, perClass: [perClass], seconds: 2 } },
    best: 'reconstruction',
    seconds: 3,
  };

  it('accepts a stored summary and rejects one with a wrong field', () => {
    expect(parseDebiasSummary(summary)?.methods.reconstruction.perClass[0].auroc).toBeCloseTo(0.91, 12);
    expect(parseDebiasSummary({ ...summary, best: 7 })).toBeUndefined();
    expect(parseDebiasSummary(undefined)).toBeUndefined();
  });
});
