import type { ImageSet } from '../data/types.ts';
import { averagePool } from './average-pool.ts';
import { trainClassifier, type ClassifierTrainingOptions } from './classifier-training.ts';
import { createMlp } from './mlp-classifier.ts';
import { createPixelBag } from './pixel-bag-classifier.ts';
import { classProbabilities, disposeClassifier, type TrainableClassifier } from './trainable-classifier.ts';
import type { DetectorInput, Scores } from './types.ts';

export interface BiasedClassifierOptions
  extends Pick<ClassifierTrainingOptions, 'epochs' | 'maxSteps' | 'batchSize' | 'learningRate' | 'seed' | 'signal' | 'onEpoch'> {
  /** `mlp`: one hidden layer on all pixels; `pixel-bag`: one small layer per pixel, max-pooled (sees no shape). */
  architecture: 'mlp' | 'pixel-bag';
  /** The images are first shrunk by averaging patches of this size (1: as they are). */
  poolFactor: number;
  hidden: number;
  q: number;
  /** The loss is averaged over this many evenly spaced moments of training (1: the end only). */
  snapshots: number;
}

/** Per-sample -log p(label). */
async function labelLoss(model: TrainableClassifier, images: ImageSet): Promise<Float32Array> {
  const p = await classProbabilities(model, images.images, images.count);
  return Float32Array.from({ length: images.count }, (_, i) => -Math.log(Math.max(1e-12, p[i * 10 + images.labels[i]])));
}

/**
 * "Learning from Failure" (Nam et al. 2020): a classifier trained on the digit labels with
 * generalised cross-entropy learns the easy cue (colour) first; the samples it gets wrong are
 * the ones whose easy cue disagrees with their label. Score: -log p(label), averaged over
 * snapshots along training, so samples that are learned late score high.
 */
export async function biasedClassifierScores(input: DetectorInput, options: BiasedClassifierOptions): Promise<Scores> {
  const { architecture, hidden, epochs, batchSize, snapshots, maxSteps = Infinity } = options;
  const images = averagePool(input.images, options.poolFactor);
  if (!Number.isInteger(snapshots) || snapshots < 1) throw new Error(`snapshots must be a positive integer (got ${snapshots})`);
  const model =
    architecture === 'mlp'
      ? createMlp(images.dim, hidden, options.seed)
      : createPixelBag(images.height * images.width, images.channels, hidden, options.seed);
  const totalSteps = Math.min(maxSteps, epochs * Math.ceil(images.count / batchSize));
  const every = Math.max(1, Math.floor(totalSteps / snapshots));
  const scores = new Float32Array(images.count);
  let taken = 0;
  const snapshot = async () => {
    const loss = await labelLoss(model, images);
    for (let i = 0; i < scores.length; i++) scores[i] += loss[i];
    taken++;
  };
  try {
    await trainClassifier({ inputs: images.images, labels: images.labels, count: images.count, dim: images.dim }, model, {
      ...options,
      loss: 'gce',
      onSteps: { every, callback: (step) => (taken < snapshots - 1 && step < totalSteps ? snapshot() : undefined) },
    });
    await snapshot();
  } finally {
    disposeClassifier(model);
  }
  return scores.map((s) => s / taken);
}
