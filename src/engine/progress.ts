import type { PipelineListener } from '../shared/events.ts';

export interface PlannedPhase {
  phase: string;
  /** Samples processed in the whole phase (epochs x images). */
  samples: number;
  /** Relative cost of one sample in this phase (multiply-adds). */
  costPerSample: number;
}

/** Where training loops report the samples they have processed. */
export interface ProgressSink {
  /** Marks work done before a resume so the fraction starts where the run stopped. */
  skip(phase: string, samples: number): void;
  startPhase(phase: string): void;
  advance(phase: string, samples: number): void;
}

/**
 * Turns per-batch sample counts into progress events: overall fraction of the planned work,
 * the phase's samples per second and an ETA from the measured cost rate. Phases may run at the
 * same time (the random arm beside pretraining). Events are throttled to a few per second.
 */
export class ProgressTracker implements ProgressSink {
  private readonly totalCost: number;
  private doneCost = 0;
  private skippedCost = 0;
  private readonly costOf = new Map<string, number>();
  private readonly phaseClock = new Map<string, { started: number; samples: number }>();
  private readonly started = performance.now();
  private lastEmit = 0;

  constructor(
    plan: PlannedPhase[],
    private readonly emit: PipelineListener,
    private readonly intervalMs = 250,
  ) {
    this.totalCost = plan.reduce((sum, p) => sum + p.samples * p.costPerSample, 0) || 1;
    for (const p of plan) this.costOf.set(p.phase, p.costPerSample);
  }

  skip(phase: string, samples: number): void {
    const cost = samples * (this.costOf.get(phase) ?? 0);
    this.doneCost += cost;
    this.skippedCost += cost;
  }

  startPhase(phase: string): void {
    this.phaseClock.set(phase, { started: performance.now(), samples: 0 });
  }

  advance(phase: string, samples: number): void {
    this.doneCost += samples * (this.costOf.get(phase) ?? 0);
    const clock = this.phaseClock.get(phase) ?? { started: performance.now(), samples: 0 };
    clock.samples += samples;
    this.phaseClock.set(phase, clock);
    const now = performance.now();
    if (now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const fraction = Math.min(1, this.doneCost / this.totalCost);
    const elapsed = (now - this.started) / 1000;
    const doneHere = this.doneCost - this.skippedCost;
    const rate = elapsed > 0 ? doneHere / elapsed : 0;
    const phaseElapsed = (now - clock.started) / 1000;
    const samplesPerSec = phaseElapsed > 0 ? clock.samples / phaseElapsed : 0;
    const etaSeconds = rate > 0 ? (this.totalCost - this.doneCost) / rate : 0;
    this.emit({ type: 'progress', phase, fraction, samplesPerSec, etaSeconds: Math.max(0, etaSeconds) });
  }
}
