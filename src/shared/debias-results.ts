/** Results of the ColoredMNIST bias-conflict detection (issue 7), as stored and shown. */

export interface ClassDetection {
  digit: number;
  /** Training samples of this digit. */
  count: number;
  /** How many of them are bias-conflicting (colour is not the digit's own). */
  conflicting: number;
  flagged: number;
  /** NaN when the class has no conflicting samples (or only conflicting ones); JSON turns NaN into null. */
  auroc: number;
  averagePrecision: number;
  /** Fraction of the flagged samples that are conflicting. */
  precision: number;
  /** Fraction of the conflicting samples that were flagged: the coursework's measure. */
  recall: number;
  /** Training-set indices of the highest-scored samples, best first (for flagged-<digit>.png). */
  topFlagged: number[];
  /** Whether each of `topFlagged` is truly conflicting. */
  topFlaggedConflicting: boolean[];
  /** Precision-recall curve at evenly spaced cut-offs down the ranking. */
  curve: { precision: number[]; recall: number[] };
}

export interface MethodDetection {
  /** Means over the classes where the metric is defined (NaN-free unless no class has conflicting samples). */
  auroc: number;
  averagePrecision: number;
  precision: number;
  recall: number;
  perClass: ClassDetection[];
  seconds: number;
}

export interface DebiasClassifierComparison {
  /** Test accuracy on the unbiased (uniformly coloured) test split. */
  plain: number;
  reweighted: number;
  /** Which method's flags were upweighted, and by what factor. */
  flaggedBy: string;
  upweight: number;
}

export interface DebiasSummary {
  dataset: { skew: number; severity: number; seed: number; trainCount: number; testCount: number };
  contamination: number;
  methods: Record<string, MethodDetection>;
  /** The method with the highest mean AUROC. */
  best: string;
  classifier?: DebiasClassifierComparison;
  seconds: number;
}
