/** Ranking metrics for a binary "is positive" truth; higher score = more likely positive. */

function countPositives(positives: ArrayLike<boolean>): number {
  let count = 0;
  for (let i = 0; i < positives.length; i++) if (positives[i]) count++;
  return count;
}

function checkLengths(scores: ArrayLike<number>, positives: ArrayLike<boolean>): void {
  if (scores.length !== positives.length) {
    throw new Error(`scores (${scores.length}) and truth (${positives.length}) must have the same length`);
  }
}

/** Indices sorted by score, highest first; ties keep index order. */
export function rankByScore(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order;
}

/** Area under the ROC curve (Mann-Whitney U, ties count one half); NaN without both classes. */
export function auroc(scores: ArrayLike<number>, positives: ArrayLike<boolean>): number {
  checkLengths(scores, positives);
  const n = scores.length;
  const nPos = countPositives(positives);
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const ascending = rankByScore(scores).reverse();
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[ascending[end]] === scores[ascending[start]]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (positives[ascending[i]]) positiveRankSum += averageRank;
    start = end;
  }
  return (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Average precision: the sum over score thresholds of precision times the gain in recall
 * (tied scores enter together, as in scikit-learn); NaN without positives.
 */
export function averagePrecision(scores: ArrayLike<number>, positives: ArrayLike<boolean>): number {
  checkLengths(scores, positives);
  const nPos = countPositives(positives);
  if (nPos === 0) return Number.NaN;
  const order = rankByScore(scores);
  let truePositives = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]] === scores[order[start]]) {
      if (positives[order[end]]) truePositives++;
      end++;
    }
    const recall = truePositives / nPos;
    sum += (recall - previousRecall) * (truePositives / end);
    previousRecall = recall;
    start = end;
  }
  return sum;
}

/** How many of `count` samples a contamination fraction flags (rounded, at least one if fraction > 0). */
export function flaggedCount(count: number, contamination: number): number {
  if (!(contamination >= 0 && contamination <= 1)) {
    throw new Error(`contamination must be in [0, 1] (got ${contamination})`);
  }
  if (contamination === 0 || count === 0) return 0;
  return Math.min(count, Math.max(1, Math.round(count * contamination)));
}

/** The indices of the top `contamination` fraction by score. */
export function flagTop(scores: ArrayLike<number>, contamination: number): Int32Array {
  return rankByScore(scores).slice(0, flaggedCount(scores.length, contamination));
}

export interface FlaggedQuality {
  /** Fraction of the flagged samples that are positive (NaN if nothing is flagged). */
  precision: number;
  /** Fraction of the positives that were flagged (NaN without positives). */
  recall: number;
}

export function flaggedQuality(flagged: ArrayLike<number>, positives: ArrayLike<boolean>): FlaggedQuality {
  let hits = 0;
  for (let i = 0; i < flagged.length; i++) if (positives[flagged[i]]) hits++;
  const nPos = countPositives(positives);
  return {
    precision: flagged.length === 0 ? Number.NaN : hits / flagged.length,
    recall: nPos === 0 ? Number.NaN : hits / nPos,
  };
}

/** Precision and recall at up to `points` evenly spaced cut-offs down the ranking (for plotting). */
export function precisionRecallCurve(
  scores: ArrayLike<number>,
  positives: ArrayLike<boolean>,
  points = 50,
): { precision: number[]; recall: number[] } {
  checkLengths(scores, positives);
  const order = rankByScore(scores);
  const nPos = countPositives(positives);
  const precision: number[] = [];
  const recall: number[] = [];
  if (nPos === 0 || order.length === 0) return { precision, recall };
  const cuts = Math.min(points, order.length);
  let hits = 0;
  let next = 1;
  for (let i = 0; i < order.length; i++) {
    if (positives[order[i]]) hits++;
    if (i + 1 === Math.round((next * order.length) / cuts)) {
      precision.push(hits / (i + 1));
      recall.push(hits / nPos);
      next++;
    }
  }
  return { precision, recall };
}
