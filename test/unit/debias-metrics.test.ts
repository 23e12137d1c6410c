import { describe, expect, it } from 'vitest';
import {
  auroc,
  averagePrecision,
  flagTop,
  flaggedCount,
  flaggedQuality,
  precisionRecallCurve,
} from '../../src/engine/debias/rank-metrics.ts';

const T = true;
const F = false;

describe('auroc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one', () => {
    expect(auroc([0.9, 0.8, 0.2, 0.1], [T, T, F, F])).toBeCloseTo(1, 12);
    expect(auroc([0.1, 0.2, 0.8, 0.9], [T, T, F, F])).toBeCloseTo(0, 12);
  });

  it('counts the positive-negative pairs in order: 3 of 4 here', () => {
    // Positives 0.8 and 0.4; negatives 0.6 and 0.2: pairs (0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2).
    expect(auroc([0.8, 0.6, 0.4, 0.2], [T, F, T, F])).toBeCloseTo(0.75, 12);
  });

  it('counts ties as one half', () => {
    expect(auroc([0.5, 0.5, 0.5, 0.5], [T, F, T, F])).toBeCloseTo(0.5, 12);
    // Positive 0.5 ties one negative (1/2) and beats the other (1): (1 + 0.5) / 2.
    expect(auroc([0.5, 0.5, 0.1], [T, F, F])).toBeCloseTo(0.75, 12);
  });

  it('is NaN when one class is missing, and rejects mismatched lengths', () => {
    expect(auroc([0.3, 0.2], [F, F])).toBeNaN();
    expect(() => auroc([0.3], [T, F])).toThrow(/same length/);
  });
});

describe('averagePrecision', () => {
  it('averages the precision at each positive', () => {
    // Ranking: P N P N -> precisions 1/1 and 2/3 at the positives.
    expect(averagePrecision([0.9, 0.8, 0.7, 0.1], [T, F, T, F])).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(averagePrecision([0.9, 0.8, 0.7], [F, F, T])).toBeCloseTo(1 / 3, 12);
  });

  it('lets tied scores enter together', () => {
    // All tied: one threshold, precision 2/4 at recall 1.
    expect(averagePrecision([1, 1, 1, 1], [T, F, T, F])).toBeCloseTo(0.5, 12);
  });
});

describe('flagging', () => {
  it('flags the rounded top fraction of each class', () => {
    expect(flaggedCount(6000, 0.1)).toBe(600);
    expect(flaggedCount(7, 0.1)).toBe(1);
    expect(flaggedCount(7, 0)).toBe(0);
    expect(Array.from(flagTop([0.1, 0.9, 0.5, 0.7, 0.3], 0.4))).toEqual([1, 3]);
    expect(() => flaggedCount(10, 1.5)).toThrow(/contamination must be in \[0, 1\] \(got 1.5\)/);
  });

  it('measures precision and recall of the flagged set', () => {
    const truth = [T, F, T, T, F, F];
    const quality = flaggedQuality([0, 1, 2], truth);
    expect(quality.precision).toBeCloseTo(2 / 3, 12);
    expect(quality.recall).toBeCloseTo(2 / 3, 12);
    expect(flaggedQuality([], truth).precision).toBeNaN();
  });

  it('traces a precision-recall curve down the ranking', () => {
    const curve = precisionRecallCurve([0.9, 0.8, 0.7, 0.6], [T, F, T, F], 4);
    expect(curve.precision).toEqual([1, 0.5, 2 / 3, 0.5]);
    expect(curve.recall).toEqual([0.5, 0.5, 1, 1]);
  });
});
