import type { ImageSet } from '../data/types.ts';
import { averagePool } from './average-pool.ts';
import { trainClassifier } from './classifier-training.ts';
import { createMlp } from './mlp-classifier.ts';
import type { DebiasSettings } from './settings.ts';
import { CLASSES, classProbabilities, disposeClassifier } from './trainable-classifier.ts';

export interface ReweightingComparison {
  plain: number;
  reweighted: number;
  upweight: number;
}

/** Weights with the flagged samples `upweight` times the others, scaled to mean 1. */
export function upweightedSampleWeights(count: number, flagged: ArrayLike<number>, upweight: number): Float32Array {
  if (!(upweight >= 1)) throw new Error(`upweight must be at least 1 (got ${upweight})`);
  const weights = new Float32Array(count).fill(1);
  for (let i = 0; i < flagged.length; i++) weights[flagged[i]] = upweight;
  const mean = weights.reduce((a, b) => a + b, 0) / count;
  return weights.map((w) => w / mean);
}

function accuracy(probabilities: Float32Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (probabilities[i * CLASSES + c] > probabilities[i * CLASSES + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}

async function trainAndTest(
  train: ImageSet,
  test: ImageSet,
  settings: DebiasSettings['classifier'],
  seed: number,
  sampleWeights: Float32Array | undefined,
  signal: AbortSignal | undefined,
): Promise<number> {
  const model = createMlp(train.dim, settings.hidden, seed);
  try {
    await trainClassifier({ inputs: train.images, labels: train.labels, count: train.count, dim: train.dim }, model, {
      ...settings,
      loss: 'cross-entropy',
      sampleWeights,
      seed,
      signal,
    });
    return accuracy(await classProbabilities(model, test.images, test.count), test.labels);
  } finally {
    disposeClassifier(model);
  }
}

/**
 * One step past the coursework: the same digit classifier trained twice on the biased training
 * split, once plainly and once with the flagged samples upweighted, both tested on the unbiased
 * test split. Same seed, same batches: only the weights differ.
 */
export async function compareReweighting(args: {
  train: ImageSet;
  test: ImageSet;
  flagged: ArrayLike<number>;
  upweight: number;
  settings: DebiasSettings['classifier'];
  seed: number;
  signal?: AbortSignal;
}): Promise<ReweightingComparison> {
  const { settings, seed, signal } = args;
  const train = averagePool(args.train, settings.poolFactor);
  const test = averagePool(args.test, settings.poolFactor);
  const plain = await trainAndTest(train, test, settings, seed, undefined, signal);
  const weights = upweightedSampleWeights(train.count, args.flagged, args.upweight);
  const reweighted = await trainAndTest(train, test, settings, seed, weights, signal);
  return { plain, reweighted, upweight: args.upweight };
}
