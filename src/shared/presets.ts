import type { ExperimentConfig } from './config.ts';

/** The paper's protocol (Hinton & Salakhutdinov 2006 and its public Matlab code). */
export const paperPreset: ExperimentConfig = {
  preset: 'paper',
  seed: 1,
  dataset: { name: 'mnist', trainSize: 60_000, testSize: 10_000 },
  layers: [784, 1000, 500, 250, 30],
  pretrain: {
    epochs: 50,
    batchSize: 100,
    cdK: 1,
    learningRate: 0.1,
    topLearningRate: 0.001,
    initStd: 0.1,
    momentum: { initial: 0.5, final: 0.9, switchEpoch: 5 },
    weightDecay: 0.0002,
    monitorSize: 1000,
  },
  finetune: {
    epochs: 200,
    batchSize: 1000,
    optimizer: 'cg',
    learningRate: 0.001,
    momentum: 0.9,
    weightDecay: 0,
    loss: 'cross-entropy',
    randomInit: 'glorot-uniform',
    lineSearches: 3,
  },
  arms: ['pretrained', 'random'],
  baselines: ['pca', 'raw'],
  evaluation: {
    logreg: { l2: 1e-4, iterations: 500 },
    reconstructions: true,
    tsne: { points: 2000, perplexity: 30, iterations: 1000, learningRate: 200, init: 'pca' },
    umap: false,
  },
  debias: { skew: 0.9, severity: 1 },
  backend: 'auto',
};

/** The paper's architecture and RBM protocol on 10,000 images, Adam fine-tuning: minutes on a laptop. */
export const quickPreset: ExperimentConfig = {
  ...paperPreset,
  preset: 'quick',
  dataset: { name: 'mnist', trainSize: 10_000, testSize: 10_000 },
  pretrain: { ...paperPreset.pretrain, epochs: 10 },
  finetune: { ...paperPreset.finetune, epochs: 20, batchSize: 100, optimizer: 'adam', learningRate: 0.001 },
};

/** The coursework's framework defaults on its 784-2000-1000-500-30 stack. */
export const homeworkPreset: ExperimentConfig = {
  ...paperPreset,
  preset: 'homework',
  layers: [784, 2000, 1000, 500, 30],
  pretrain: {
    ...paperPreset.pretrain,
    epochs: 10,
    batchSize: 256,
    cdK: 2,
    learningRate: 0.001,
    topLearningRate: 0.001,
    momentum: { initial: 0, final: 0, switchEpoch: 0 },
    weightDecay: 0,
  },
  finetune: {
    ...paperPreset.finetune,
    epochs: 10,
    batchSize: 256,
    optimizer: 'adam',
    learningRate: 1e-4,
    weightDecay: 5e-5,
    loss: 'mse',
  },
};

/** The paper's figure 3: a 2-d code layer. */
export const codes2dPreset: ExperimentConfig = {
  ...paperPreset,
  preset: 'codes-2d',
  layers: [784, 1000, 500, 250, 2],
};

/** PCA and raw pixels only, on the full data: no training. */
export const baselinesPreset: ExperimentConfig = {
  ...paperPreset,
  preset: 'baselines',
  arms: [],
  evaluation: { ...paperPreset.evaluation, tsne: { ...paperPreset.evaluation.tsne, points: 0 } },
};

/** A tiny configuration for tests and a first look: seconds, not minutes. */
export const smokePreset: ExperimentConfig = {
  ...paperPreset,
  preset: 'smoke',
  dataset: { name: 'mnist', trainSize: 500, testSize: 200 },
  layers: [784, 64, 32, 8],
  pretrain: { ...paperPreset.pretrain, epochs: 2, batchSize: 50, monitorSize: 100 },
  finetune: { ...paperPreset.finetune, epochs: 2, batchSize: 50, optimizer: 'adam', learningRate: 0.003 },
  evaluation: {
    logreg: { l2: 1e-4, iterations: 100 },
    reconstructions: true,
    tsne: { points: 100, perplexity: 10, iterations: 200, learningRate: 10, init: 'pca' },
    umap: false,
  },
};

/** ColoredMNIST bias-conflict detection (the coursework's bonus). */
export const debiasPreset: ExperimentConfig = {
  ...quickPreset,
  preset: 'debias',
  dataset: { name: 'colored-mnist', trainSize: 60_000, testSize: 10_000 },
  layers: [2352, 1000, 500, 250, 30],
  pretrain: { ...quickPreset.pretrain, epochs: 3 },
  finetune: { ...quickPreset.finetune, epochs: 5 },
  arms: ['pretrained'],
  evaluation: { ...quickPreset.evaluation, tsne: { ...quickPreset.evaluation.tsne, points: 0 } },
};

export const PRESETS = {
  paper: paperPreset,
  quick: quickPreset,
  homework: homeworkPreset,
  'codes-2d': codes2dPreset,
  baselines: baselinesPreset,
  smoke: smokePreset,
  debias: debiasPreset,
} as const satisfies Record<string, ExperimentConfig>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  paper: "The paper's protocol: 784-1000-500-250-30, 50 RBM epochs a layer, 200 epochs of conjugate gradients, all 60,000 images.",
  quick: "The paper's stack and RBM protocol on 10,000 images, 10 RBM epochs a layer, 20 Adam epochs: minutes, not hours.",
  homework: "The coursework's framework defaults on 784-2000-1000-500-30: CD-2, batch 256, RBM lr 0.001, Adam 1e-4, MSE, 10 epochs.",
  'codes-2d': "The paper's figure 3: the same protocol with a 2-d code layer.",
  baselines: 'PCA and raw pixels only, on all the data: no network is trained.',
  smoke:
    'A tiny configuration (500 images, 784-64-32-8, 2 epochs) to check that everything runs, in seconds. At this size both arms losing to PCA, with blurry average-looking digits, is expected; quick shows the paper’s effect (pretrained well below random and PCA) in minutes.',
  debias: 'ColoredMNIST: find the bias-conflicting samples of each digit without colour labels.',
};

export function clonePreset(name: PresetName): ExperimentConfig {
  return structuredClone(PRESETS[name]);
}
