import type { ClassDetection, MethodDetection } from '../../shared/debias-results.ts';
import { auroc, averagePrecision, flagTop, flaggedQuality, precisionRecallCurve, rankByScore } from './rank-metrics.ts';
import type { ColoredSplit, Scores } from './types.ts';

let open: <T>(sealed: EvaluationOnly<T>) => T;

/**
 * A value that only this module can read. Colour labels travel in it so that no detector,
 * classifier or caller can use them: the opener is not exported.
 */
export class EvaluationOnly<T> {
  readonly #value: T;

  private constructor(value: T) {
    this.#value = value;
  }

  static seal<T>(value: T): EvaluationOnly<T> {
    return new EvaluationOnly(value);
  }

  static {
    open = (sealed) => sealed.#value;
  }
}

function conflictingMask(split: ColoredSplit, indices: ArrayLike<number>): boolean[] {
  const colors = open(split.colors);
  const digits = split.images.labels;
  return Array.from({ length: indices.length }, (_, i) => colors[indices[i]] !== digits[indices[i]]);
}

function indicesOfDigit(labels: Uint8Array, digit: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === digit) indices.push(i);
  return indices;
}

function mean(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

export interface ScoringOptions {
  /** How many top-ranked indices to keep per class for image grids. */
  topFlagged?: number;
  curvePoints?: number;
}

/** Scores one method's per-sample scores on `split` against its hidden colour labels, per digit and on average. */
export function scoreDetection(
  split: ColoredSplit,
  scores: Scores,
  contamination: number,
  options: ScoringOptions = {},
): Omit<MethodDetection, 'seconds'> {
  if (scores.length !== split.images.count) {
    throw new Error(`scores has ${scores.length} entries, the split has ${split.images.count} samples`);
  }
  const perClass: ClassDetection[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const indices = indicesOfDigit(split.images.labels, digit);
    if (indices.length === 0) continue;
    const classScores = Float32Array.from(indices, (i) => scores[i]);
    const truth = conflictingMask(split, indices);
    const flagged = flagTop(classScores, contamination);
    const top = rankByScore(classScores).slice(0, options.topFlagged ?? 64);
    perClass.push({
      digit,
      count: indices.length,
      conflicting: truth.filter(Boolean).length,
      flagged: flagged.length,
      auroc: auroc(classScores, truth),
      averagePrecision: averagePrecision(classScores, truth),
      ...flaggedQuality(flagged, truth),
      topFlagged: Array.from(top, (i) => indices[i]),
      topFlaggedConflicting: Array.from(top, (i) => truth[i]),
      curve: precisionRecallCurve(classScores, truth, options.curvePoints ?? 50),
    });
  }
  return {
    auroc: mean(perClass.map((c) => c.auroc)),
    averagePrecision: mean(perClass.map((c) => c.averagePrecision)),
    precision: mean(perClass.map((c) => c.precision)),
    recall: mean(perClass.map((c) => c.recall)),
    perClass,
  };
}

export interface ColorStatistics {
  /** Per digit: the fraction of its samples that wear the digit's own colour. */
  alignedFraction: number[];
  /** Per digit: how many samples. */
  countByDigit: number[];
  /** Per colour label: how many samples wear it. */
  countByColor: number[];
  /** Per digit, per colour label: how many samples. */
  counts: number[][];
}

/** Evaluation statistics of the hidden colour labels (for tests and the dataset view). */
export function colorStatistics(split: ColoredSplit): ColorStatistics {
  const colors = open(split.colors);
  const counts = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < colors.length; i++) counts[split.images.labels[i]][colors[i]]++;
  const countByDigit = counts.map((row) => row.reduce((a, b) => a + b, 0));
  return {
    alignedFraction: counts.map((row, digit) => (countByDigit[digit] === 0 ? Number.NaN : row[digit] / countByDigit[digit])),
    countByDigit,
    countByColor: counts[0].map((_, color) => counts.reduce((sum, row) => sum + row[color], 0)),
    counts,
  };
}
