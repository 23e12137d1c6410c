import { z } from 'zod';

export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'colored-mnist', 'idx'] as const;
export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export const ARM_NAMES = ['pretrained', 'random'] as const;
export const OPTIMIZER_NAMES = ['adam', 'sgd', 'cg'] as const;
export const LOSS_NAMES = ['cross-entropy', 'mse'] as const;
export const RANDOM_INIT_NAMES = ['glorot-uniform', 'rbm-normal'] as const;
export const SEVERITY_LEVELS = [1, 2, 3, 4, 5] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];
export type BackendChoice = (typeof BACKEND_NAMES)[number];
export type ArmName = (typeof ARM_NAMES)[number];
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export type LossName = (typeof LOSS_NAMES)[number];

const positiveInt = (max: number) => z.number().int().min(1).max(max);
const nonNegativeInt = (max: number) => z.number().int().min(0).max(max);
const rate = z.number().positive().max(10);

export const datasetSchema = z
  .object({
    name: z.enum(DATASET_NAMES),
    path: z.string().min(1).optional(),
    trainSize: positiveInt(60_000),
    testSize: positiveInt(10_000),
  })
  .strict();

export const momentumSchema = z
  .object({
    initial: z.number().min(0).max(0.999),
    final: z.number().min(0).max(0.999),
    switchEpoch: nonNegativeInt(10_000),
  })
  .strict();

export const pretrainSchema = z
  .object({
    epochs: nonNegativeInt(10_000),
    batchSize: positiveInt(60_000),
    cdK: positiveInt(100),
    learningRate: rate,
    topLearningRate: rate,
    initStd: z.number().positive().max(10),
    momentum: momentumSchema,
    weightDecay: z.number().min(0).max(1),
    monitorSize: positiveInt(10_000),
  })
  .strict();

/**
 * Train each arm until its error on images held out of the training set (never the test set)
 * has not improved by `minDelta` for `patience` epochs, at most `maxEpochs`; `finetune.epochs` is
 * then unused.
 */
export const plateauSchema = z
  .object({
    patience: positiveInt(1_000),
    maxEpochs: positiveInt(10_000),
    minDelta: z.number().min(0).max(1_000),
    /** Training images held out (the last ones of the training set) to watch the error on. */
    validationSize: positiveInt(59_999),
  })
  .strict();

export const finetuneSchema = z
  .object({
    epochs: nonNegativeInt(10_000),
    batchSize: positiveInt(60_000),
    optimizer: z.enum(OPTIMIZER_NAMES),
    learningRate: rate,
    momentum: z.number().min(0).max(0.999),
    weightDecay: z.number().min(0).max(1),
    loss: z.enum(LOSS_NAMES),
    randomInit: z.enum(RANDOM_INIT_NAMES),
    lineSearches: positiveInt(100),
    untilPlateau: plateauSchema.optional(),
  })
  .strict();

export const tsneSchema = z
  .object({
    points: nonNegativeInt(10_000),
    perplexity: z.number().min(2).max(100),
    iterations: nonNegativeInt(10_000),
    learningRate: z.number().positive().max(10_000),
    init: z.enum(['pca', 'random']),
  })
  .strict();

export const evaluationSchema = z
  .object({
    logreg: z
      .object({
        l2: z.number().min(0).max(100),
        iterations: positiveInt(10_000),
      })
      .strict(),
    reconstructions: z.boolean(),
    tsne: tsneSchema,
    /** Also map every representation with UMAP (same points), as a second projection. */
    umap: z.boolean().optional(),
  })
  .strict();

export const debiasSchema = z
  .object({
    skew: z.number().min(0.1).max(0.999),
    severity: z.union(SEVERITY_LEVELS.map((s) => z.literal(s)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>]),
    /** Fraction flagged per class; absent means 1 - skew, the expected share of conflicting samples. */
    contamination: z.number().min(0).max(0.9).optional(),
  })
  .strict();

export const experimentConfigSchema = z
  .object({
    name: z.string().max(200).optional(),
    preset: z.string().max(50).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    dataset: datasetSchema,
    layers: z.array(positiveInt(100_000)).min(2).max(12),
    pretrain: pretrainSchema,
    finetune: finetuneSchema,
    arms: z.array(z.enum(ARM_NAMES)).max(2),
    baselines: z.array(z.enum(['pca', 'raw'])).max(2),
    evaluation: evaluationSchema,
    debias: debiasSchema,
    backend: z.enum(BACKEND_NAMES),
  })
  .strict();

export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;
export type PretrainConfig = z.infer<typeof pretrainSchema>;
export type FinetuneConfig = z.infer<typeof finetuneSchema>;
export type PlateauConfig = z.infer<typeof plateauSchema>;
export type TsneConfig = z.infer<typeof tsneSchema>;
export type DebiasConfig = z.infer<typeof debiasSchema>;
