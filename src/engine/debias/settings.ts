import type { BiasedClassifierOptions } from './gce-score.ts';

type BiasedSettings = Omit<BiasedClassifierOptions, 'seed' | 'signal' | 'onEpoch'>;

export interface DebiasSettings {
  knn: {
    /** Neighbours per sample; 0 = the number of samples `contamination` flags in the class (at least 5). */
    k: number;
    /** Without an encoder, kNN runs on the pixels shrunk by this factor. */
    poolFactor: number;
    /** Compare shrunk pixels by direction only (unit-length rows): ink amount stops mattering. */
    normalizePixels: boolean;
    /**
     * The same for encoder codes. Measured at skew 0.9: PCA-30 codes AUROC 0.91 -> 0.98; codes of a
     * small random-start autoencoder (2352-500-30, 2 Adam epochs) 0.953 -> 0.947.
     */
    normalizeCodes: boolean;
  };
  gceMlp: BiasedSettings;
  gcePixelBag: BiasedSettings;
  /** The digit classifiers compared with and without upweighting the flagged samples. */
  classifier: { poolFactor: number; hidden: number; epochs: number; batchSize: number; learningRate: number };
}

/** Measured on the full ColoredMNIST (skew 0.9, severity 1); each detector takes seconds to a minute. */
export const DEFAULT_DEBIAS_SETTINGS: DebiasSettings = {
  knn: { k: 0, poolFactor: 7, normalizePixels: true, normalizeCodes: true },
  gceMlp: { architecture: 'mlp', poolFactor: 2, hidden: 64, learningRate: 0.001, epochs: 1, batchSize: 128, q: 0.7, snapshots: 4 },
  gcePixelBag: {
    architecture: 'pixel-bag',
    poolFactor: 4,
    hidden: 16,
    learningRate: 0.01,
    epochs: 1,
    maxSteps: 200,
    batchSize: 128,
    q: 0.7,
    snapshots: 1,
  },
  classifier: { poolFactor: 2, hidden: 100, epochs: 3, batchSize: 128, learningRate: 0.001 },
};
