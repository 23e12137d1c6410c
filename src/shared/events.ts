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
