import { describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../src/shared/api.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { differingFields, flattenConfig } from '../../src/renderer/src/runs/config-fields.ts';
import { groupRows } from '../../src/renderer/src/runs/group-rows.ts';
import { RESULT_COLUMNS, formatMeanSd, formatResult, groupFigureLines } from '../../src/renderer/src/runs/result-columns.ts';
import { MAX_RUNS, parseRunIds } from '../../src/renderer/src/runs/run-ids.ts';
import { runRows } from '../../src/renderer/src/runs/run-rows.ts';
import { sortRows } from '../../src/renderer/src/runs/sort-rows.ts';

/** A finished smoke run with the given pretraining epochs, learning rate and per-arm results. */
function run(id: number, epochs: number, learningRate: number, pretrained: [number, number] | null, random: [number, number] | null): ExperimentDetail {
  const config = { ...smokePreset, name: `run ${id}`, pretrain: { ...smokePreset.pretrain, epochs }, finetune: { ...smokePreset.finetune, learningRate } };
  const arm = (name: 'pretrained' | 'random', [testSSE, logregAccuracy]: [number, number]) => ({ arm: name, testSSE, trainSSE: testSSE, logregAccuracy, seconds: id, init: name });
  return {
    id,
    name: `run ${id}`,
    status: pretrained ? 'done' : 'running',
    config,
    arms: [...(pretrained ? [arm('pretrained', pretrained)] : []), ...(random ? [arm('random', random)] : [])],
    baselines: [{ baseline: 'pca', result: { testSSE: 30 + id, logregAccuracy: 0.8 } }],
    metrics: [],
    summary: pretrained ? { seconds: 10 * id, tsne: { pretrained: { trustworthiness: 0.9, knnAccuracy: 0.8 } } } : null,
  } as unknown as ExperimentDetail;
}

const details = [run(3, 2, 0.003, [20, 0.8], [25, 0.7]), run(4, 1, 0.003, [22, 0.75], [24, 0.72]), run(5, 2, 0.01, [18, 0.85], [26, 0.69]), run(6, 1, 0.01, null, null)];

describe('the Runs view: ids in the address', () => {
  it('reads ids in order without repeats and names a bad entry', () => {
    expect(parseRunIds('3, 4,7,4')).toEqual([3, 4, 7]);
    expect(() => parseRunIds('3,x')).toThrow('"x" is not an experiment id');
    expect(() => parseRunIds('0')).toThrow('"0"');
    expect(() => parseRunIds('')).toThrow('give the runs');
    expect(() => parseRunIds(Array.from({ length: MAX_RUNS + 1 }, (_, i) => i + 1).join(','))).toThrow(`at most ${MAX_RUNS}`);
  });
});

describe('the Runs view: config fields', () => {
  it('flattens a config to dotted paths and finds the fields that differ (not the run name)', () => {
    const flat = flattenConfig(details[0].config);
    expect(flat.get('pretrain.epochs')).toBe(2);
    expect(flat.get('layers')).toBe('784-64-32-8');
    expect(flat.get('arms')).toBe('pretrained, random');
    expect(flat.get('pretrain.momentum.final')).toBe(0.9);
    expect(differingFields(details.map((d) => flattenConfig(d.config)))).toEqual(['pretrain.epochs', 'finetune.learningRate']);
  });
});

describe('the Runs view: rows, sorting and grouping', () => {
  const rows = runRows(details);

  it('has one row per run and arm, with the arm’s results and the run’s', () => {
    expect(rows.map((r) => r.key)).toEqual(['3:pretrained', '3:random', '4:pretrained', '4:random', '5:pretrained', '5:random', '6:pretrained', '6:random']);
    expect(rows[0].results).toEqual({ testSSE: 20, logregAccuracy: 0.8, seconds: 3, trustworthiness: 0.9, runSeconds: 30, pcaTestSSE: 33 });
    expect(rows[1].results.trustworthiness).toBeUndefined();
    expect(rows[6].results.testSSE).toBeUndefined();
  });

  it('sorts by a result either way with runs lacking it last, and by a config field as numbers', () => {
    expect(sortRows(rows, { column: 'result:testSSE', direction: 'asc' }).map((r) => r.key)).toEqual([
      '5:pretrained', '3:pretrained', '4:pretrained', '4:random', '3:random', '5:random', '6:pretrained', '6:random',
    ]);
    expect(sortRows(rows, { column: 'result:testSSE', direction: 'desc' }).map((r) => r.key)).toEqual([
      '5:random', '3:random', '4:random', '4:pretrained', '3:pretrained', '5:pretrained', '6:pretrained', '6:random',
    ]);
    expect(sortRows(rows, { column: 'config:finetune.learningRate', direction: 'desc' }).map((r) => r.experimentId)).toEqual([5, 5, 6, 6, 3, 3, 4, 4]);
    expect(sortRows(rows, { column: 'arm', direction: 'desc' }).map((r) => r.key).slice(0, 2)).toEqual(['3:random', '4:random']);
  });

  it('groups by a config field and arm with mean ± sample sd and n as by hand', () => {
    const groups = groupRows(sortRows(rows, { column: 'run', direction: 'asc' }), 'pretrain.epochs');
    expect(groups.map((g) => [g.value, g.arm, g.rows.map((r) => r.experimentId)])).toEqual([
      [1, 'pretrained', [4, 6]],
      [1, 'random', [4, 6]],
      [2, 'pretrained', [3, 5]],
      [2, 'random', [3, 5]],
    ]);
    // epochs 2, pretrained: 20 and 18 -> mean 19, sd sqrt(((1)^2 + (1)^2) / 1) = sqrt(2).
    expect(groups[2].stats.testSSE.n).toBe(2);
    expect(groups[2].stats.testSSE.mean).toBeCloseTo(19, 12);
    expect(groups[2].stats.testSSE.sd).toBeCloseTo(Math.SQRT2, 12);
    // Accuracy 0.8 and 0.85: mean 0.825, sd sqrt(2 * 0.025^2) = 0.0353553.
    expect(groups[2].stats.logregAccuracy.sd).toBeCloseTo(0.0353553, 6);
    // epochs 1, pretrained: only run 4 finished -> n 1, no sd.
    expect(groups[0].stats.testSSE).toEqual({ n: 1, mean: 22, sd: null });
    expect(formatMeanSd('logregAccuracy', groups[2].stats.logregAccuracy)).toBe('82.50 ± 3.54');
    expect(formatMeanSd('testSSE', groups[0].stats.testSSE)).toBe('22.00');
    expect(groupFigureLines('logregAccuracy', groups[2].stats.logregAccuracy)).toEqual(['82.50', '±\u00a03.54', 'n=2']);
    expect(groupFigureLines('testSSE', groups[0].stats.testSSE)).toEqual(['22.00', '', 'n=1']);
  });

  it('groups text fields in natural order and puts runs without the field last', () => {
    const groups = groupRows(rows.filter((r) => r.arm === 'pretrained'), 'finetune.optimizer');
    expect(groups.map((g) => [g.value, g.rows.length])).toEqual([['adam', 4]]);
  });
});

describe('the Runs view: units', () => {
  it('says the unit of every result column in its header and scales accuracy to percent', () => {
    expect(Object.fromEntries(RESULT_COLUMNS.map((c) => [c.key, c.unit]))).toEqual({
      testSSE: 'SSE/img',
      logregAccuracy: '%',
      trustworthiness: '0–1',
      seconds: 's',
      runSeconds: 's',
      pcaTestSSE: 'SSE/img',
    });
    expect(formatResult('logregAccuracy', 0.8123)).toBe('81.23');
    expect(formatResult('testSSE', 3.14159)).toBe('3.14');
    expect(formatResult('trustworthiness', 0.91234)).toBe('0.912');
    expect(formatResult('seconds', undefined)).toBe('–');
  });
});
