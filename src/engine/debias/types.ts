import type { DebiasConfig } from '../../shared/config.ts';
import type { ImageSet } from '../data/types.ts';
import type { EvaluationOnly } from './scoring.ts';

export interface ColoredMnistOptions {
  /** Probability that a training sample wears its own digit's colour, in [0.1, 0.999]. */
  skew: number;
  severity: DebiasConfig['severity'];
  seed: number;
}

/** One split of ColoredMNIST. */
export interface ColoredSplit {
  /** 28x28x3 channel-last images (2,352-d rows) with their digit labels. */
  images: ImageSet;
  /**
   * The colour label of each sample (0..9: the digit whose mean colour it wears). Sealed: only
   * the scoring module can read it, and a split holding it cannot be passed to a detector.
   */
  colors: EvaluationOnly<Uint8Array>;
}

export interface ColoredMnist {
  train: ColoredSplit;
  test: ColoredSplit;
  options: ColoredMnistOptions;
}

/** All a detector may see: images and digit labels. */
export interface DetectorInput {
  images: ImageSet;
  /** Present only so that passing a whole ColoredSplit to a detector is a type error. */
  readonly colors?: never;
}

/** Scores per training sample, higher = more likely bias-conflicting. */
export type Scores = Float32Array;

/** Maps `count` rows of pixels to `count` code rows (any width), e.g. a trained encoder. */
export type Encoder = (images: Float32Array, count: number) => Float32Array | Promise<Float32Array>;
