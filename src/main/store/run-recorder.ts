import { metricPointsOf, type PipelineEvent } from '../../shared/events.ts';
import type { ExperimentSummary, MetricPoint } from '../../shared/results.ts';
import type { Evaluation } from '../../shared/api.ts';
import type { Checkpoint, CheckpointSink } from '../../engine/run-types.ts';
import { encodeEmbedding, encodeGrid, float32ToBuffer } from './codec.ts';
import type { RunBatch, Store } from './store.ts';

/** Checkpoint blobs that are training state, not the model: not kept as weight artifacts. */
const OPTIMIZER_STATE = /\.opt\.|moment|velocity|increment|optimizer|adam|grad|rng/i;

function summaryEvaluations(summary: ExperimentSummary): Evaluation[] {
  const evaluations: Evaluation[] = [];
  for (const [name, result] of Object.entries(summary.baselines)) {
    if (result) evaluations.push({ key: `baseline:${name}`, data: { ...result } });
  }
  for (const [name, quality] of Object.entries(summary.tsne ?? {})) evaluations.push({ key: `tsne:${name}`, data: { ...quality } });
  if (summary.debias) evaluations.push({ key: 'debias', data: summary.debias });
  return evaluations;
}

/** Names a batch for the user when it could not be stored ("epoch metrics of finetune:pretrained 3-4, checkpoint at ..."). */
export function describeBatch(batch: RunBatch): string {
  const parts: string[] = [];
  const metrics = batch.metrics ?? [];
  if (metrics.length > 0) {
    const phases = [...new Set(metrics.map((m) => m.phase))];
    const epochs = metrics.map((m) => m.epoch);
    parts.push(`${metrics.length} metric values of ${phases.join(', ')} epoch ${Math.min(...epochs)}-${Math.max(...epochs)}`);
  }
  if (batch.checkpoint) parts.push(`checkpoint at ${batch.checkpoint.position}`);
  for (const arm of batch.arms ?? []) parts.push(`result of the ${arm.arm} arm`);
  for (const evaluation of batch.evaluations ?? []) parts.push(`evaluation ${evaluation.key}`);
  for (const artifact of batch.artifacts ?? []) parts.push(`${artifact.kind} ${artifact.name}`);
  if (batch.backend) parts.push('backend info');
  if (batch.summary) parts.push('summary');
  return parts.join(', ') || 'heartbeat';
}

/**
 * Turns a run's pipeline events into store writes: epoch metrics are buffered and written
 * together with the checkpoint that follows them, so each epoch lands in one transaction.
 * Writes go through the store's queue: behind another process's lock they wait in order,
 * and a checkpoint still waiting there is dropped when a newer one follows (it would only be
 * replaced), so a long lock holds one checkpoint in memory, not one per epoch.
 */
export class RunRecorder implements CheckpointSink {
  private pending: MetricPoint[] = [];
  private lastCheckpoint: Checkpoint | undefined;
  private readonly queuedCheckpoints = new Set<RunBatch>();

  constructor(
    private readonly store: Store,
    readonly experimentId: number,
  ) {}

  onEvent(event: PipelineEvent): void {
    switch (event.type) {
      case 'epoch':
        this.pending.push(...metricPointsOf(event));
        return;
      case 'backend':
        this.flush({ backend: event.backend });
        return;
      case 'phase-end':
        this.flush();
        return;
      case 'arm-result':
        this.flush({ arms: [event.result] });
        return;
      case 'baseline-result':
        this.flush({ evaluations: [{ key: `baseline:${event.baseline}`, data: { ...event.result } }] });
        return;
      case 'artifact':
        if (event.kind === 'reconstructions') {
          const { meta, data } = encodeGrid(event.grid);
          this.flush({ artifacts: [{ kind: 'reconstructions', name: 'reconstructions', phase: event.phase, meta: { ...meta }, data }] });
        } else {
          const { meta, data } = encodeEmbedding(event.map);
          this.flush({ artifacts: [{ kind: 'embedding', name: `${event.map.method}:${event.map.representation}`, meta: { ...meta }, data }] });
        }
        return;
      case 'done':
        this.flush({
          summary: event.summary,
          arms: Object.values(event.summary.arms).filter((a) => a !== undefined),
          evaluations: summaryEvaluations(event.summary),
        });
        return;
      default:
        return;
    }
  }

  save(checkpoint: Checkpoint): void {
    this.lastCheckpoint = checkpoint;
    this.flush({ checkpoint });
  }

  flush(extra: RunBatch = {}): void {
    const metrics = this.pending;
    this.pending = [];
    const batch: RunBatch = { ...extra, metrics: [...(extra.metrics ?? []), ...metrics] };
    if (batch.checkpoint) {
      for (const older of this.queuedCheckpoints) delete older.checkpoint;
      this.queuedCheckpoints.clear();
      this.queuedCheckpoints.add(batch);
    }
    this.store.writes.submit(`experiment ${this.experimentId}: ${describeBatch(batch)}`, () => {
      this.store.writeBatch(this.experimentId, batch);
      this.queuedCheckpoints.delete(batch);
    });
  }

  /** After a finished run: keeps the final weights as artifacts and drops the checkpoint. */
  keepFinalWeights(): void {
    const checkpoint = this.lastCheckpoint ?? this.store.checkpoint(this.experimentId);
    const shapes = (checkpoint?.meta.shapes ?? {}) as Record<string, number[]>;
    const artifacts = Object.entries(checkpoint?.blobs ?? {})
      .filter(([name]) => !OPTIMIZER_STATE.test(name))
      .map(([name, values]) => ({
        kind: 'weights' as const,
        name,
        meta: { shape: shapes[name] ?? [values.length], dtype: 'float32' },
        data: float32ToBuffer(values),
      }));
    this.flush({ artifacts });
    this.store.writes.submit(`experiment ${this.experimentId}: drop the checkpoint of the finished run`, () => this.store.deleteCheckpoint(this.experimentId));
  }
}
