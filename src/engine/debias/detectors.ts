import type { DebiasConfig } from '../../shared/config.ts';
import { averagePool } from './average-pool.ts';
import { biasedClassifierScores } from './gce-score.ts';
import { knnDistanceScores } from './knn-score.ts';
import { flaggedCount } from './rank-metrics.ts';
import type { DebiasSettings } from './settings.ts';
import type { DetectorInput, Encoder, Scores } from './types.ts';

export const DETECTOR_NAMES = ['knn', 'gce-mlp', 'gce-pixel-bag'] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

export interface DetectorContext {
  settings: DebiasSettings;
  config: Required<DebiasConfig> & { seed: number };
  encode?: Encoder;
  signal?: AbortSignal;
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

/** The name a detector's results are stored under: kNN says what space it searched. */
export function methodKey(detector: DetectorName, context: Pick<DetectorContext, 'encode'>): string {
  return detector === 'knn' ? (context.encode ? 'knn-codes' : 'knn-pixels') : detector;
}

function autoK(input: DetectorInput, contamination: number): number {
  const perClass = input.images.count / 10;
  return Math.max(5, flaggedCount(Math.round(perClass), contamination));
}

async function knnScores(input: DetectorInput, context: DetectorContext): Promise<Scores> {
  const { images } = input;
  const k = context.settings.knn.k || autoK(input, context.config.contamination);
  if (context.encode) {
    const codes = await context.encode(images.images, images.count);
    if (codes.length % images.count !== 0 || codes.length === 0) {
      throw new Error(`encode returned ${codes.length} values for ${images.count} images: not a whole number of codes each`);
    }
    return knnDistanceScores(codes, codes.length / images.count, images.labels, k, context.settings.knn.normalizeCodes);
  }
  const pooled = averagePool(images, context.settings.knn.poolFactor);
  return knnDistanceScores(pooled.images, pooled.dim, pooled.labels, k, context.settings.knn.normalizePixels);
}

/** Runs one detector: only images and digit labels go in; higher score = more likely bias-conflicting. */
export async function runDetector(detector: DetectorName, input: DetectorInput, context: DetectorContext): Promise<Scores> {
  const common = { seed: context.config.seed, signal: context.signal, onEpoch: context.onEpoch };
  switch (detector) {
    case 'knn':
      return knnScores(input, context);
    case 'gce-mlp':
      return biasedClassifierScores(input, { ...context.settings.gceMlp, ...common });
    case 'gce-pixel-bag':
      return biasedClassifierScores(input, { ...context.settings.gcePixelBag, ...common });
    default:
      throw new Error(`detector must be one of ${DETECTOR_NAMES.join(', ')} (got "${String(detector)}")`);
  }
}
