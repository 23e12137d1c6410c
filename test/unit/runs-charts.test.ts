import { describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../src/shared/api.ts';
import type { MetricPoint } from '../../src/shared/results.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { EVERY_ARM, axisName, defaultChoice, metricChoices, overlayCurves } from '../../src/renderer/src/runs/overlay.ts';
import { parallelAxes, parallelFigure, parallelOption } from '../../src/renderer/src/runs/parallel-option.ts';
import { runRows } from '../../src/renderer/src/runs/run-rows.ts';

function run(id: number, epochs: number, loss: 'mse' | 'cross-entropy', metrics: MetricPoint[], testSSE: number): ExperimentDetail {
  return {
    id,
    name: `lr run ${id}`,
    status: 'done',
    config: { ...smokePreset, pretrain: { ...smokePreset.pretrain, epochs }, finetune: { ...smokePreset.finetune, loss } },
    arms: [
      { arm: 'pretrained', testSSE, trainSSE: 1, logregAccuracy: 0.75, seconds: 1, init: 'rbm' },
      { arm: 'random', testSSE: testSSE + 5, trainSSE: 1, logregAccuracy: 0.5, seconds: 1, init: 'random' },
    ],
    baselines: [],
    metrics,
    summary: null,
  } as unknown as ExperimentDetail;
}

const point = (phase: string, epoch: number, name: string, value: number): MetricPoint => ({ phase, epoch, name, value });

const details = [
  run(7, 1, 'cross-entropy', [point('finetune:pretrained', 2, 'testSSE', 30), point('finetune:pretrained', 1, 'testSSE', 40), point('finetune:random', 1, 'testSSE', 50), point('pretrain:1', 1, 'trainSSE', 9)], 30),
  run(8, 2, 'mse', [point('finetune:pretrained', 1, 'testSSE', 35), point('pretrain:2', 1, 'stackSSE', 12)], 35),
];

describe('the Runs view: overlay', () => {
  it('offers every phase and metric recorded, fine-tuning over every arm first, and opens on test error', () => {
    const choices = metricChoices(details);
    expect(choices.map((c) => `${c.phase} ${c.metric}`)).toEqual([
      'finetune:* testSSE',
      'finetune:pretrained testSSE',
      'finetune:random testSSE',
      'pretrain:1 trainSSE',
      'pretrain:2 stackSSE',
    ]);
    expect(defaultChoice(choices)).toEqual({ phase: EVERY_ARM, metric: 'testSSE' });
  });

  it('draws one curve per run (and arm) named by the run, in epoch order', () => {
    const every = overlayCurves(details, { phase: EVERY_ARM, metric: 'testSSE' });
    expect(every.map((c) => c.name)).toEqual(['#7 lr run 7 · pretrained', '#7 lr run 7 · random', '#8 lr run 8 · pretrained']);
    expect(every[0].points).toEqual([
      [1, 40],
      [2, 30],
    ]);
    expect(every[1].dashed).toBe(true);
    expect(every[0].color).toBe(every[1].color);
    expect(every[0].color).not.toBe(every[2].color);
    const one = overlayCurves(details, { phase: 'finetune:pretrained', metric: 'testSSE' });
    expect(one.map((c) => c.name)).toEqual(['#7 lr run 7', '#8 lr run 8']);
    expect(overlayCurves(details, { phase: 'pretrain:1', metric: 'trainSSE' }).map((c) => c.name)).toEqual(['#7 lr run 7']);
  });

  it('names the axis with its unit, as the other views do', () => {
    expect(axisName({ phase: EVERY_ARM, metric: 'testSSE' }, details)).toBe('test squared error per image');
    expect(axisName({ phase: 'pretrain:1', metric: 'trainSSE' }, details)).toBe('squared error per input vector');
    expect(axisName({ phase: 'finetune:random', metric: 'trainLoss' }, details)).toBe("training loss (each run's own loss)");
    expect(axisName({ phase: 'finetune:random', metric: 'trainLoss' }, details.slice(1))).toBe('training loss (mean squared error)');
  });
});

describe('the Runs view: parallel coordinates', () => {
  const rows = runRows(details);
  const fields = ['pretrain.epochs', 'finetune.loss'];

  it('has an axis per differing field, the arm, then test error and accuracy with units', () => {
    const axes = parallelAxes(rows, fields);
    expect(axes.map((a) => [a.name, a.type])).toEqual([
      ['pretrain.\nepochs', 'value'],
      ['finetune.\nloss', 'category'],
      ['arm', 'category'],
      ['test error\n(SSE/img)', 'value'],
      ['logistic accuracy\n(%)', 'value'],
    ]);
    expect(axes[1].data).toEqual(['cross-entropy', 'mse']);
    expect(axes[0].minInterval).toBe(1);
    expect(axes[3].minInterval).toBeUndefined();
  });

  it('draws one line per run and arm through its own values, accuracy in percent', () => {
    const option = parallelOption(rows, fields, { muted: '#555', border: '#ddd' }) as { series: { name: string; data: { name: string; value: unknown[] }[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(['pretrained', 'random']);
    expect(option.series.flatMap((s) => s.data).length).toBe(4);
    expect(option.series[1].data[1]).toEqual({ name: '#8 lr run 8 · random', value: [2, 'mse', 'random', 40, 50] });
  });

  it('exports with the title, then the legend, then the axis names, each on its own row', () => {
    const { option } = parallelFigure(rows, fields, 'Runs', 'sans-serif') as unknown as { option: { title: { top: number }; legend: { top: number }; parallel: { top: number } } };
    // Title at 4 (13 px), legend at 28 (8 px icons), axis names (two lines of 12 px, 12 px above the axis) from top - 36.
    expect(option.title.top + 13).toBeLessThan(option.legend.top);
    expect(option.legend.top + 14).toBeLessThan(option.parallel.top - 36);
  });
});
