import type { PipelineListener } from '../shared/events.ts';

export interface PlannedPhase {
  phase: string;
  /** Samples processed in the whole phase (epochs x images). */
  samples: number;
  /** Relative cost of one sample in this phase (multiply-adds). */
  costPerSample: number;
}

/**
 * Turns per-batch sample counts into progress events: overall fraction of the planned work,
 * the current phase's samples per second and an ETA from the measured cost rate.
 * Events are throttled so listeners see at most a few per second.
 */
export class ProgressTracker {
  private readonly totalCost: number;
  private doneCost = 0;
  private readonly costOf = new Map<string, number>();
  private readonly started = performance.now();
  private phaseStarted = performance.now();
  private phaseSamples = 0;
  private lastEmit = 0;

  constructor(
    plan: PlannedPhase[],
    private readonly emit: PipelineListener,
    private readonly intervalMs = 250,
  ) {
    this.totalCost = plan.reduce((sum, p) => sum + p.samples * p.costPerSample, 0) || 1;
    for (const p of plan) this.costOf.set(p.phase, p.costPerSample);
  }

  /** Marks work done before a resume so the fraction starts where the run stopped. */
  skip(phase: string, samples: number): void {
    this.doneCost += samples * (this.costOf.get(phase) ?? 0);
  }

  startPhase(): void {
    this.phaseStarted = performance.now();
    this.phaseSamples = 0;
  }

  advance(phase: string, samples: number, force = false): void {
    this.doneCost += samples * (this.costOf.get(phase) ?? 0);
    this.phaseSamples += samples;
    const now = performance.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const fraction = Math.min(1, this.doneCost / this.totalCost);
    const elapsed = (now - this.started) / 1000;
    const phaseElapsed = (now - this.phaseStarted) / 1000;
    const samplesPerSec = phaseElapsed > 0 ? this.phaseSamples / phaseElapsed : 0;
    const etaSeconds = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : 0;
    this.emit({ type: 'progress', phase, fraction, samplesPerSec, etaSeconds });
  }
}
