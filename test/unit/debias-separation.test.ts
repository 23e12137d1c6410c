import { describe, expect, it } from 'vitest';
import { detectorInputOf } from '../../src/engine/debias/detector-input.ts';
import { generateColoredMnist } from '../../src/engine/debias/generate.ts';
import { EvaluationOnly } from '../../src/engine/debias/scoring.ts';
import type { DetectorInput } from '../../src/engine/debias/types.ts';
import { syntheticDigits } from './debias-fixtures.ts';

describe('colour labels never reach a detector', () => {
  const data = generateColoredMnist({ train: syntheticDigits(100, 1), test: syntheticDigits(50, 2) }, { skew: 0.9, severity: 1, seed: 1 });
  const detector = (input: DetectorInput): number => input.images.count;

  it('is a type error to hand a detector a split with its colours, or to read the sealed labels', () => {
    // @ts-expect-error a ColoredSplit carries its colour labels, which a DetectorInput may not have
    detector(data.train);
    // @ts-expect-error the sealed colour labels cannot be indexed
    void data.train.colors[0];
    // @ts-expect-error the sealed value is an ES private field
    void data.train.colors.value;
    // @ts-expect-error only the scoring module can seal or open: the constructor is private
    void new EvaluationOnly(new Uint8Array(3));
    expect(detector(detectorInputOf(data.train))).toBe(100);
  });

  it('keeps the labels out of reach at run time and out of the detector input', () => {
    expect(Object.keys(data.train.colors)).toEqual([]);
    expect(JSON.stringify(data.train.colors)).toBe('{}');
    expect(Object.keys(detectorInputOf(data.train))).toEqual(['images']);
  });

  it('exports no way to open the labels: only sealing, scoring and statistics', async () => {
    const scoring = await import('../../src/engine/debias/scoring.ts');
    expect(Object.keys(scoring).sort()).toEqual(['EvaluationOnly', 'colorStatistics', 'scoreDetection']);
    expect(Object.getOwnPropertyNames(EvaluationOnly).filter((name) => typeof Reflect.get(EvaluationOnly, name) === 'function')).toEqual([
      'seal',
    ]);
  });
});
