import { z } from 'zod';
import { ARM_NAMES, experimentConfigSchema } from './config.ts';
import type { PipelineEvent } from './events.ts';
import type { ArmResult, BackendInfo, BaselineResult, EmbeddingMap, ExperimentSummary, ImageGrid, MetricPoint } from './results.ts';

/** Zod schemas for the result and event types of results.ts/events.ts, so every payload crossing a transport is checked. */

export const backendInfoSchema = z.object({
  name: z.string(),
  package: z.string(),
  native: z.boolean(),
  gpu: z.boolean(),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  adapter: z.object({ vendor: z.string(), architecture: z.string(), description: z.string(), software: z.boolean() }).optional(),
  products: z.object({ path: z.enum(['blas', 'xnnpack']), library: z.string().optional(), threads: z.number().int().optional(), reason: z.string() }).optional(),
  heapKernels: z.object({ active: z.boolean(), reason: z.string() }).optional(),
}) satisfies z.ZodType<BackendInfo>;

export const metricPointSchema = z.object({
  phase: z.string(),
  epoch: z.number().int(),
  name: z.string(),
  value: z.number(),
}) satisfies z.ZodType<MetricPoint>;

const logregFitSchema = z.object({ iterations: z.number().int(), maxIterations: z.number().int(), converged: z.boolean(), standardised: z.boolean() });

export const armResultSchema = z.object({
  arm: z.enum(ARM_NAMES),
  testSSE: z.number(),
  trainSSE: z.number(),
  logregAccuracy: z.number(),
  logreg: logregFitSchema.optional(),
  epochs: z.number().int().optional(),
  plateau: z.object({ bestEpoch: z.number().int(), validationSSE: z.number(), validationImages: z.number().int(), stoppedEarly: z.boolean() }).optional(),
  seconds: z.number(),
  init: z.string(),
}) satisfies z.ZodType<ArmResult>;

export const baselineResultSchema = z.object({
  testSSE: z.number().optional(),
  logregAccuracy: z.number(),
  logreg: logregFitSchema.optional(),
  components: z.number().optional(),
}) satisfies z.ZodType<BaselineResult>;

export const imageGridSchema = z.object({
  rows: z.array(z.object({ label: z.string(), images: z.array(z.array(z.number())) })),
  height: z.number().int().min(1),
  width: z.number().int().min(1),
  channels: z.number().int().min(1).max(4),
  digits: z.array(z.number().int()),
}) satisfies z.ZodType<ImageGrid>;

export const embeddingMapSchema = z.object({
  representation: z.string(),
  points: z.array(z.tuple([z.number(), z.number()])),
  labels: z.array(z.number().int()),
  indices: z.array(z.number().int()),
  kl: z.number().optional(),
  trustworthiness: z.number().optional(),
  trustworthinessOwnSpace: z.number().optional(),
  knnAccuracy: z.number().optional(),
  method: z.enum(['tsne', 'umap', 'code']),
}) satisfies z.ZodType<EmbeddingMap>;

export const experimentSummarySchema = z.object({
  backend: backendInfoSchema,
  config: experimentConfigSchema,
  seed: z.number(),
  arms: z.object({ pretrained: armResultSchema.optional(), random: armResultSchema.optional() }),
  baselines: z.object({ pca: baselineResultSchema.optional(), raw: baselineResultSchema.optional() }),
  seconds: z.number(),
  tsne: z.record(z.string(), z.object({ trustworthiness: z.number(), trustworthinessOwnSpace: z.number().optional(), knnAccuracy: z.number(), kl: z.number().optional() })).optional(),
  umap: z.record(z.string(), z.object({ trustworthiness: z.number(), trustworthinessOwnSpace: z.number().optional(), knnAccuracy: z.number(), kl: z.number().optional() })).optional(),
  debias: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<ExperimentSummary>;

export const pipelineEventSchema = z.union([
  z.object({ type: z.literal('backend'), backend: backendInfoSchema }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  z.object({ type: z.literal('phase-start'), phase: z.string(), epochs: z.number(), samplesPerEpoch: z.number() }),
  z.object({ type: z.literal('phase-end'), phase: z.string(), seconds: z.number() }),
  z.object({ type: z.literal('epoch'), phase: z.string(), epoch: z.number().int(), metrics: z.record(z.string(), z.number()) }),
  z.object({
    type: z.literal('progress'),
    phase: z.string(),
    fraction: z.number().min(0).max(1),
    samplesPerSec: z.number(),
    etaSeconds: z.number(),
  }),
  z.object({ type: z.literal('arm-result'), result: armResultSchema }),
  z.object({ type: z.literal('baseline-result'), baseline: z.enum(['pca', 'raw']), result: baselineResultSchema }),
  z.object({ type: z.literal('artifact'), kind: z.literal('reconstructions'), phase: z.string(), grid: imageGridSchema }),
  z.object({ type: z.literal('artifact'), kind: z.literal('embedding'), map: embeddingMapSchema }),
  z.object({ type: z.literal('done'), summary: experimentSummarySchema }),
]) satisfies z.ZodType<PipelineEvent>;
