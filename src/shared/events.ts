import type { ArmName } from './config.ts';
import type { ArmResult, BackendInfo, BaselineResult, EmbeddingMap, ExperimentSummary, ImageGrid, MetricPoint } from './results.ts';

/** Everything the experiment pipeline tells its listeners, in the order it happens. */
export type PipelineEvent =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'phase-start'; phase: string; epochs: number; samplesPerEpoch: number }
  | { type: 'phase-end'; phase: string; seconds: number }
  | { type: 'epoch'; phase: string; epoch: number; metrics: Record<string, number> }
  | {
      type: 'progress';
      phase: string;
      /** Fraction of the whole experiment's estimated work done, 0..1. */
      fraction: number;
      samplesPerSec: number;
      etaSeconds: number;
    }
  | { type: 'arm-result'; result: ArmResult }
  | { type: 'baseline-result'; baseline: 'pca' | 'raw'; result: BaselineResult }
  | { type: 'artifact'; kind: 'reconstructions'; phase: string; grid: ImageGrid }
  | { type: 'artifact'; kind: 'embedding'; map: EmbeddingMap }
  | { type: 'done'; summary: ExperimentSummary };

export type PipelineEventType = PipelineEvent['type'];
export type PipelineListener = (event: PipelineEvent) => void;

export function metricPointsOf(event: PipelineEvent): MetricPoint[] {
  if (event.type !== 'epoch') return [];
  return Object.entries(event.metrics).map(([name, value]) => ({ phase: event.phase, epoch: event.epoch, name, value }));
}

export function pretrainPhase(layer: number): string {
  return `pretrain:${layer}`;
}

export function finetunePhase(arm: ArmName): string {
  return `finetune:${arm}`;
}

/** A trained arm's pass over every training and test image: its reconstruction errors and codes. */
export function evaluationPhase(arm: ArmName): string {
  return `evaluate:${arm}`;
}

/** Logistic regression (L-BFGS) on one representation: an arm's codes, `pca` codes or `raw` pixels. */
export function logregPhase(features: string): string {
  return `logreg:${features}`;
}

/** Fitting the PCA components (baseline, reconstruction row and map). */
export const PCA_FIT_PHASE = 'pca:fit';

/** What a phase counts, in the plural: t-SNE and L-BFGS iterations, evaluated images, training epochs. */
export function phaseUnit(phase: string): string {
  if (phase.startsWith('tsne:') || phase.startsWith('logreg:')) return 'iterations';
  if (phase.startsWith('evaluate:')) return 'images';
  if (phase === PCA_FIT_PHASE) return 'steps';
  return 'epochs';
}
