import { cgEvaluationsPerBatch } from '../../shared/cg-cost.ts';
import type { ExperimentConfig } from '../../shared/config.ts';
import type { MetricPoint } from '../../shared/results.ts';

/** Rough floating-point operations of training: the RBM stack and each arm's fine-tuning. */
export function trainingFlops(config: ExperimentConfig): number {
  const layerPairs = config.layers.slice(1).map((out, i) => config.layers[i] * out);
  const weights = layerPairs.reduce((a, b) => a + b, 0);
  const n = config.dataset.trainSize;
  let flops = 0;
  if (config.arms.includes('pretrained')) {
    // Each CD-k update: up and down passes per Gibbs step plus the gradient outer products.
    const perSample = layerPairs.reduce((sum, w) => sum + 2 * w * (2 * config.pretrain.cdK + 3), 0);
    flops += perSample * n * config.pretrain.epochs;
  }
  // Forward and backward through encoder and decoder (6 flops per weight per image); CG evaluates several times a batch.
  const passes = config.finetune.optimizer === 'cg' ? cgEvaluationsPerBatch(config.finetune.lineSearches) : 1;
  flops += config.arms.length * 12 * weights * n * config.finetune.epochs * passes;
  return flops;
}

/** Rough floating-point operations of the Barnes-Hut t-SNE maps (one per arm and baseline). */
export function embeddingFlops(config: ExperimentConfig): number {
  const points = config.evaluation.tsne.points;
  const maps = points > 0 ? config.arms.length + config.baselines.length : 0;
  return maps * 200 * points * Math.log2(points + 1) * config.evaluation.tsne.iterations;
}

export function experimentFlops(config: ExperimentConfig): number {
  return trainingFlops(config) + embeddingFlops(config);
}

/**
 * The speed a finished run achieved while training, from the `seconds` each pretraining and
 * fine-tuning epoch recorded (so data loading and evaluation do not skew it).
 */
export function measuredFlopsPerSecond(config: ExperimentConfig, metrics: readonly MetricPoint[]): number | undefined {
  const seconds = metrics
    .filter((m) => m.name === 'seconds' && (m.phase.startsWith('pretrain:') || m.phase.startsWith('finetune:')))
    .reduce((sum, m) => sum + m.value, 0);
  return seconds > 0 ? trainingFlops(config) / seconds : undefined;
}

/** Loading the data, baselines and logistic regressions: roughly constant for the sizes the presets use. */
const FIXED_SECONDS = 8;

/** Typical sustained speed when no run has been measured on this machine yet. */
export const DEFAULT_FLOPS_PER_SECOND: Record<string, number> = {
  'tensorflow-gpu': 2e11,
  tensorflow: 2e10,
  wasm: 3e9,
  cpu: 3e8,
};

export function estimateSeconds(config: ExperimentConfig, flopsPerSecond: number): number {
  return experimentFlops(config) / flopsPerSecond + FIXED_SECONDS;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}
