import type { ArtifactInfo, ExperimentStatus } from '../../../shared/api.ts';
import { phaseUnit, type PipelineEvent } from '../../../shared/events.ts';
import type { ArmResult, BackendInfo, BaselineResult, EmbeddingMap, ExperimentSummary, ImageGrid, MetricPoint } from '../../../shared/results.ts';

export interface LogLine {
  time: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface PhaseInfo {
  phase: string;
  epochs: number;
  samplesPerEpoch: number;
  /** Last finished epoch, 0 before the first. */
  epoch: number;
  seconds?: number;
  /** Started and not yet ended. */
  running?: boolean;
}

/** Everything known about one running (or just finished) experiment, built from its events. */
export interface LiveRun {
  experimentId: number;
  status: ExperimentStatus;
  error?: string;
  backend?: BackendInfo;
  phases: PhaseInfo[];
  currentPhase?: string;
  fraction: number;
  samplesPerSec: number;
  etaSeconds: number;
  metrics: MetricPoint[];
  /** The latest reconstructions grid of each phase. */
  reconstructions: Record<string, ImageGrid>;
  embeddings: Record<string, EmbeddingMap>;
  arms: Partial<Record<string, ArmResult>>;
  baselines: Partial<Record<string, BaselineResult>>;
  summary?: ExperimentSummary;
  log: LogLine[];
}

const MAX_LOG_LINES = 2000;

/** How much work a phase announces: epochs of so many samples, its count of iterations or images, or nothing (the PCA fit's steps are hundredths). */
function phaseSize(event: Extract<PipelineEvent, { type: 'phase-start' }>): string {
  const unit = phaseUnit(event.phase);
  if (unit === 'epochs') return `${event.epochs} epochs of ${event.samplesPerEpoch} samples`;
  return unit === 'steps' ? '' : `${event.epochs} ${unit}`;
}

export function emptyLiveRun(experimentId: number, status: ExperimentStatus = 'queued'): LiveRun {
  return {
    experimentId,
    status,
    phases: [],
    fraction: 0,
    samplesPerSec: 0,
    etaSeconds: Number.NaN,
    metrics: [],
    reconstructions: {},
    embeddings: {},
    arms: {},
    baselines: {},
    log: [],
  };
}

function phaseOf(run: LiveRun, phase: string): PhaseInfo {
  let info = run.phases.find((p) => p.phase === phase);
  if (!info) {
    info = { phase, epochs: 0, samplesPerEpoch: 0, epoch: 0 };
    run.phases.push(info);
  }
  return info;
}

function addLog(run: LiveRun, level: LogLine['level'], message: string, time: number): void {
  run.log.push({ time, level, message });
  if (run.log.length > MAX_LOG_LINES) run.log.splice(0, run.log.length - MAX_LOG_LINES);
}

/** Folds one pipeline event into the run, in place (the caller decides when to re-render). */
export function applyPipelineEvent(run: LiveRun, event: PipelineEvent, time = Date.now()): void {
  switch (event.type) {
    case 'backend':
      run.backend = event.backend;
      break;
    case 'log':
      addLog(run, event.level, event.message, time);
      break;
    case 'phase-start': {
      const info = phaseOf(run, event.phase);
      info.epochs = event.epochs;
      info.samplesPerEpoch = event.samplesPerEpoch;
      info.running = true;
      run.currentPhase = event.phase;
      if (run.status === 'queued') run.status = 'running';
      const size = phaseSize(event);
      addLog(run, 'info', `${event.phase} started${size ? `: ${size}` : ''}`, time);
      break;
    }
    case 'phase-end':
      phaseOf(run, event.phase).seconds = event.seconds;
      phaseOf(run, event.phase).running = false;
      addLog(run, 'info', `${event.phase} finished in ${event.seconds.toFixed(1)} s`, time);
      break;
    case 'epoch': {
      const info = phaseOf(run, event.phase);
      info.epoch = Math.max(info.epoch, event.epoch);
      for (const [name, value] of Object.entries(event.metrics)) {
        run.metrics.push({ phase: event.phase, epoch: event.epoch, name, value });
      }
      break;
    }
    case 'progress':
      run.currentPhase = event.phase;
      run.fraction = Math.max(run.fraction, event.fraction);
      run.samplesPerSec = event.samplesPerSec;
      run.etaSeconds = event.etaSeconds;
      break;
    case 'arm-result':
      run.arms[event.result.arm] = event.result;
      break;
    case 'baseline-result':
      run.baselines[event.baseline] = event.result;
      break;
    case 'artifact':
      // Flagged-sample grids of the debias stage are not reconstructions of the panel digits.
      if (event.kind === 'reconstructions' && !event.phase.startsWith('debias:')) run.reconstructions[event.phase] = event.grid;
      else if (event.kind === 'reconstructions') break;
      else if (event.kind === 'embedding') run.embeddings[event.map.method === 'umap' ? `umap:${event.map.representation}` : event.map.representation] = event.map;
      break;
    case 'done':
      run.summary = event.summary;
      run.fraction = 1;
      run.etaSeconds = 0;
      break;
  }
}

/**
 * One grid of the newest reconstructions: the original images once, then a row per arm or
 * baseline, whichever grid it came from (rows are matched by label).
 */
export function mergeReconstructions(grids: Record<string, ImageGrid>): ImageGrid | undefined {
  const list = Object.values(grids);
  if (list.length === 0) return undefined;
  const rows = new Map<string, ImageGrid['rows'][number]>();
  for (const grid of list) for (const row of grid.rows) rows.set(row.label, row);
  const first = list[list.length - 1];
  return { height: first.height, width: first.width, channels: first.channels, digits: first.digits, rows: [...rows.values()] };
}

/**
 * The stored reconstruction grids to show in a view opened after they were made: the final grid (the
 * originals, every arm and PCA) when the run has one, else each fine-tuning phase's newest.
 */
export function storedReconstructionIds(artifacts: readonly Pick<ArtifactInfo, 'id' | 'kind' | 'phase'>[]): { phase: string; id: number }[] {
  const grids = artifacts.filter((a): a is typeof a & { phase: string } => a.kind === 'reconstructions' && a.phase !== null && !a.phase.startsWith('debias:'));
  const final = grids.filter((a) => a.phase === 'final');
  const newest = new Map<string, number>();
  for (const a of final.length > 0 ? final : grids) newest.set(a.phase, Math.max(newest.get(a.phase) ?? 0, a.id));
  return [...newest].map(([phase, id]) => ({ phase, id }));
}

/** What a stored experiment already holds, for a view opened after (or during) its run. */
export interface StoredRun {
  status: ExperimentStatus;
  error: string | null;
  metrics: MetricPoint[];
  arms: ArmResult[];
  baselines: { baseline: 'pca' | 'raw'; result: BaselineResult }[];
  backendInfo: BackendInfo | null;
  summary: ExperimentSummary | null;
}

/** Adds the stored state to a live run; curves de-duplicate repeated epochs, so overlap is harmless. */
export function seedFromStored(run: LiveRun, stored: StoredRun): void {
  if (run.status === 'queued' || stored.status !== 'running') run.status = stored.status;
  if (stored.error) run.error = stored.error;
  run.metrics = [...stored.metrics, ...run.metrics];
  for (const arm of stored.arms) run.arms[arm.arm] ??= arm;
  for (const b of stored.baselines) run.baselines[b.baseline] ??= b.result;
  run.backend ??= stored.backendInfo ?? undefined;
  if (stored.summary) run.summary ??= stored.summary;
  for (const m of stored.metrics) {
    const info = phaseOf(run, m.phase);
    info.epoch = Math.max(info.epoch, m.epoch);
  }
  if (stored.status === 'done') {
    run.fraction = 1;
    run.etaSeconds = 0;
  }
}
