import { describe, expect, it } from 'vitest';
import type { ExperimentSummary } from '../../src/shared/results.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { compareFigures, groupFigures, groupSeeds, meanAndSd, seedsProblem, summariseGroup, MAX_SEEDS } from '../../src/shared/seed-groups.ts';
import { groupSummaryCsv, groupTable } from '../../src/cli/group-table.ts';
import { groupSection } from '../../src/main/export/report-group.ts';

/** Only the fields the group figures read. */
function summary(pretrainedSSE: number, randomSSE: number, pretrainedAcc: number, randomAcc: number, pcaSSE: number, trust?: number): ExperimentSummary {
  return {
    arms: {
      pretrained: { arm: 'pretrained', init: 'rbm', testSSE: pretrainedSSE, trainSSE: 0, logregAccuracy: pretrainedAcc, seconds: 1 },
      random: { arm: 'random', init: 'random', testSSE: randomSSE, trainSSE: 0, logregAccuracy: randomAcc, seconds: 1 },
    },
    baselines: { pca: { testSSE: pcaSSE, logregAccuracy: 0.8 } },
    ...(trust === undefined ? {} : { tsne: { pretrained: { trustworthiness: trust, knnAccuracy: 0.9 } } }),
  } as unknown as ExperimentSummary;
}

describe('seed groups', () => {
  it('derive seeds seed, seed+1, … and refuse a count outside 1..MAX_SEEDS, naming the field', () => {
    expect(groupSeeds(7, 3)).toEqual([7, 8, 9]);
    expect(groupSeeds(2 ** 31 - 1, 2)).toEqual([2 ** 31 - 1, 0]);
    expect(() => groupSeeds(1, 0)).toThrow(/seeds: must be a whole number from 1 to 20/);
    expect(() => groupSeeds(1, MAX_SEEDS + 1)).toThrow(/seeds/);
    expect(() => groupSeeds(1, 2.5)).toThrow(/seeds/);
  });

  it('give the mean and the sample sd (n − 1), by hand: 6, 8, 10 → 8 ± 2; 1, 2 → 1.5 ± 0.7071', () => {
    expect(meanAndSd([6, 8, 10])).toEqual({ n: 3, mean: 8, sd: 2 });
    const two = meanAndSd([1, 2]);
    expect(two.mean).toBe(1.5);
    expect(two.sd).toBeCloseTo(Math.SQRT1_2, 12);
    expect(meanAndSd([5])).toEqual({ n: 1, mean: 5, sd: null });
  });

  it('report every figure with each member value; a member lacking a figure is left out of its n', () => {
    const figures = groupFigures([
      { seed: 1, summary: summary(6, 9, 0.9, 0.8, 14, 0.7) },
      { seed: 2, summary: summary(8, 11, 0.92, 0.82, 14) },
      { seed: 3, summary: summary(10, 13, 0.94, 0.84, 14, 0.9) },
    ]);
    const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
    expect(byKey['pretrained.testSSE']).toMatchObject({ values: [6, 8, 10], n: 3, mean: 8, sd: 2 });
    expect(byKey['random.logregAccuracy'].mean).toBeCloseTo(0.82, 12);
    expect(byKey['random.logregAccuracy'].sd).toBeCloseTo(0.02, 12);
    expect(byKey['pca.testSSE']).toMatchObject({ mean: 14, sd: 0 });
    expect(byKey['tsne.pretrained.trustworthiness']).toMatchObject({ values: [0.7, null, 0.9], n: 2 });
    expect(byKey['tsne.pretrained.trustworthiness'].mean).toBeCloseTo(0.8, 12);
    expect(byKey['tsne.pretrained.trustworthiness'].sd).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(byKey['raw.logregAccuracy']).toBeUndefined();
  });

  it('carry each arm\'s budget: the epochs each seed took to its plateau (else the configured epochs) and its seconds, by hand', () => {
    const member = (seed: number, pretrainedEpochs: number, randomEpochs: number | undefined, seconds: number) => {
      const s = summary(6, 24, 0.89, 0.85, 14);
      const arms = s.arms as unknown as Record<'pretrained' | 'random', Record<string, unknown>>;
      arms.pretrained = { ...arms.pretrained, epochs: pretrainedEpochs, seconds };
      arms.random = { ...arms.random, ...(randomEpochs === undefined ? {} : { epochs: randomEpochs }), seconds: 2 * seconds };
      return { seed, summary: { ...s, config: clonePreset('quick') } as unknown as ExperimentSummary };
    };
    const figures = groupFigures([member(1, 32, 67, 834.2), member(2, 34, 74, 739.7), member(3, 37, undefined, 776.9)]);
    const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
    // 32, 34, 37: mean 34.333, sd √(((−7/3)² + (−1/3)² + (8/3)²) / 2) = √(19/3).
    expect(byKey['pretrained.epochs'].values).toEqual([32, 34, 37]);
    expect(byKey['pretrained.epochs'].mean).toBeCloseTo(103 / 3, 12);
    expect(byKey['pretrained.epochs'].sd).toBeCloseTo(Math.sqrt(19 / 3), 12);
    // A member that recorded no epochs of its own trained for the configured 20 (quick's).
    expect(byKey['random.epochs'].values).toEqual([67, 74, 20]);
    expect(byKey['random.seconds'].mean).toBeCloseTo((2 * (834.2 + 739.7 + 776.9)) / 3, 9);
    expect(groupTable(summariseGroup([member(1, 32, 67, 834.2), member(2, 34, 74, 739.7)], 9, [1, 2]), member(1, 32, 67, 834.2).summary)).toMatch(/autoencoder pretrained, fine-tuning epochs\s+33\.0 ± 1\.4 \(2\)\s+32\.0\s+34\.0/);
  });

  it('call a difference no larger than sd + sd "within the spread", and a larger one a win for the right side', () => {
    const members = (random: number[]) =>
      groupFigures([6, 8, 10].map((p, i) => ({ seed: i, summary: summary(p, random[i], 0.9 + 0.02 * i, 0.8 + 0.02 * i, 14) })));
    const get = (figures: ReturnType<typeof groupFigures>, key: string) => figures.find((f) => f.key === key)!;
    // 8 ± 2 against 11 ± 2: |−3| ≤ 4.
    const close = members([9, 11, 13]);
    const near = compareFigures(get(close, 'pretrained.testSSE'), get(close, 'random.testSSE'));
    expect(near).toMatchObject({ verdict: 'within the spread', difference: -3, spread: 4 });
    expect(near.sentence).toContain('within the spread');
    expect(near.sentence).toContain('not a win');
    // 8 ± 2 against 15 ± 2: 7 > 4, lower error wins.
    const far = members([13, 15, 17]);
    expect(compareFigures(get(far, 'pretrained.testSSE'), get(far, 'random.testSSE')).verdict).toBe('first better');
    expect(compareFigures(get(far, 'random.testSSE'), get(far, 'pretrained.testSSE')).verdict).toBe('second better');
    // Accuracy: higher wins; 0.92 ± 0.02 against 0.82 ± 0.02.
    expect(compareFigures(get(far, 'pretrained.logregAccuracy'), get(far, 'random.logregAccuracy')).verdict).toBe('first better');
    const one = groupFigures([{ seed: 1, summary: summary(6, 9, 0.9, 0.8, 14) }]);
    expect(compareFigures(get(one, 'pretrained.testSSE'), get(one, 'random.testSSE')).verdict).toBe('no spread');
  });

  it('print the table as mean ± sd (n) with each seed, and write the same numbers to CSV', () => {
    const group = summariseGroup(
      [6, 8, 10].map((p, i) => ({ seed: 4 + i, summary: summary(p, p + 3, 0.9, 0.8, 14) })),
      12,
      [30, 31, 32],
    );
    const text = groupTable(group, summary(6, 9, 0.9, 0.8, 14));
    expect(text).toContain('Seed group 12: 3 runs, seeds 4, 5, 6, experiments 30, 31, 32');
    expect(text).toMatch(/autoencoder pretrained, test SSE\/image\s+8\.00 ± 2\.00 \(3\)\s+6\.00\s+8\.00\s+10\.00/);
    expect(text).toContain('is within the spread');
    const csv = groupSummaryCsv(group).trim().split('\n');
    expect(csv[0]).toBe('figure,label,n,mean,sd,seed_4,seed_5,seed_6');
    expect(csv.find((l) => l.startsWith('pretrained.testSSE,'))).toBe('pretrained.testSSE,"autoencoder pretrained, test SSE/image",3,8,2,6,8,10');
    const html = groupSection(group, 5);
    expect(html).toMatch(/<td>autoencoder pretrained, test SSE\/image<\/td><td>8\.00 ± 2\.00 \(3\)<\/td><td>6\.00<\/td><td>8\.00<\/td><td>10\.00<\/td>/);
    expect(html).toContain('<th>seed 5 (this run)</th>');
    expect(html).toContain('is within the spread');
    expect(groupSection(undefined, 5)).toBe('');
  });
});

describe('Compare’s seed-group rows', () => {
  it('show mean ± sd (n) and each seed for the error and accuracy figures of a member’s group', async () => {
    const { groupView } = await import('../../src/renderer/src/compare/group-rows.ts');
    const group = summariseGroup([6, 8, 10].map((p, i) => ({ seed: 4 + i, summary: summary(p, p + 3, 0.9, 0.8, 14, 0.8) })), 12, [30, 31, 32]);
    const view = groupView({ id: 31, groupSummary: group } as never)!;
    expect(view.title).toContain('Seed group 12 of #31: 3 finished runs, seeds 4, 5, 6');
    expect(view.rows.find((r) => r.key === 'pretrained.testSSE')).toEqual({ key: 'pretrained.testSSE', label: 'autoencoder pretrained, test SSE/image', meanSd: '8.00 ± 2.00 (3)', values: '6.00, 8.00, 10.00' });
    expect(view.rows.some((r) => r.key.startsWith('tsne.'))).toBe(false);
    expect(view.sentences.some((s) => s.includes('within the spread'))).toBe(true);
    expect(groupView({ id: 1 } as never)).toBeUndefined();
  });
});

describe('New run’s seeds field', () => {
  it('accepts 1..20 and names the field and range otherwise', () => {
    expect(seedsProblem(1)).toBeUndefined();
    expect(seedsProblem(20)).toBeUndefined();
    expect(seedsProblem(0)).toBe('Seeds: must be a whole number from 1 to 20 (got 0)');
    expect(seedsProblem(21)).toContain('from 1 to 20');
    expect(seedsProblem(2.5)).toContain('(got 2.5)');
    expect(seedsProblem('')).toContain('(got nothing)');
  });
});
