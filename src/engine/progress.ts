import type { PipelineEvent, PipelineListener } from '../shared/events.ts';

export interface PlannedPhase {
  phase: string;
  /** Samples processed in the whole phase (epochs x images). */
  samples: number;
  /** Relative cost of one sample in this phase (multiply-adds). */
  costPerSample: number;
  /**
   * Counted from the phase's own events (a stage after training: t-SNE, UMAP): each `epoch` event
   * advances by the epochs since the last times its samples per epoch, `phase-end` completes it.
   */
  byEvents?: boolean;
  /**
   * With `byEvents`: `phase` is a prefix (`debias:`) and every phase under it one step of the stage;
   * `samples` counts the steps, each phase that ends advances one.
   */
  prefix?: boolean;
}

/** How long an event-driven phase may go unheard before the heartbeat guesses at its progress. */
const SILENCE_MS = 1000;
/** The heartbeat's guesses stop at this share of a phase: the rest is counted from its events. */
const GUESSED_SHARE = 0.9;

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
  private readonly eventDriven = new Set<string>();
  /** Samples counted so far, the last epoch seen and when the phase last reported, of each event-driven phase. */
  private readonly eventCount = new Map<string, { samples: number; epoch: number; samplesPerEpoch: number; heard: number }>();
  /** Event-driven phases started and not ended. */
  private readonly runningByEvents = new Set<string>();
  private readonly plannedSamples = new Map<string, number>();
  private readonly stepStages: string[] = [];
  private readonly stepsDone = new Map<string, number>();

  constructor(
    plan: PlannedPhase[],
    private readonly emit: PipelineListener,
    private readonly intervalMs = 250,
  ) {
    this.totalCost = plan.reduce((sum, p) => sum + p.samples * p.costPerSample, 0) || 1;
    for (const p of plan) {
      this.costOf.set(p.phase, p.costPerSample);
      this.plannedSamples.set(p.phase, p.samples);
      if (p.byEvents && p.prefix) this.stepStages.push(p.phase);
      else if (p.byEvents) this.eventDriven.add(p.phase);
    }
  }

  /** A listener that passes every event on to `listener` and counts the work of the event-driven phases. */
  observing(listener: PipelineListener): PipelineListener {
    return (event) => {
      listener(event);
      this.observe(event);
    };
  }

  private observe(event: PipelineEvent): void {
    if (event.type !== 'phase-start' && event.type !== 'epoch' && event.type !== 'phase-end') return;
    const stage = this.stepStages.find((prefix) => event.phase.startsWith(prefix));
    if (stage !== undefined) {
      this.observeStep(stage, event.phase, event.type);
      return;
    }
    if (!this.eventDriven.has(event.phase)) return;
    if (event.type === 'phase-start') {
      this.startPhase(event.phase);
      this.runningByEvents.add(event.phase);
      this.eventCount.set(event.phase, { samples: 0, epoch: 0, samplesPerEpoch: event.samplesPerEpoch, heard: performance.now() });
      this.advance(event.phase, 0, true);
      return;
    }
    const count = this.eventCount.get(event.phase) ?? { samples: 0, epoch: 0, samplesPerEpoch: 0, heard: 0 };
    this.eventCount.set(event.phase, count);
    count.heard = performance.now();
    if (event.type === 'phase-end') this.runningByEvents.delete(event.phase);
    const planned = this.plannedSamples.get(event.phase) ?? 0;
    const target = event.type === 'phase-end' ? planned : Math.min(planned, event.epoch * count.samplesPerEpoch);
    if (event.type === 'epoch') count.epoch = event.epoch;
    const samples = Math.max(0, target - count.samples);
    count.samples += samples;
    this.advance(event.phase, samples, event.type === 'phase-end');
  }

  /** A phase of a stage counted in steps: shown while it runs, one step done when it ends. */
  private observeStep(stage: string, phase: string, type: 'phase-start' | 'epoch' | 'phase-end'): void {
    if (type === 'phase-start' && !this.phaseClock.has(stage)) this.startPhase(stage);
    let samples = 0;
    if (type === 'phase-end') {
      const done = this.stepsDone.get(stage) ?? 0;
      samples = done < (this.plannedSamples.get(stage) ?? 0) ? 1 : 0;
      this.stepsDone.set(stage, done + samples);
    }
    this.advance(stage, samples, type !== 'epoch', phase);
  }

  /**
   * Between the events of a stage that works in long silent steps (PCA's eigenvectors), counts the
   * samples its planned cost at the run's measured rate says are done by now, up to
   * GUESSED_SHARE of the phase; its next events count only what goes beyond. Call on a timer.
   */
  heartbeat(): void {
    const now = performance.now();
    const rate = (this.doneCost - this.skippedCost) / ((now - this.started) / 1000);
    let moved = false;
    for (const phase of this.runningByEvents) {
      const count = this.eventCount.get(phase);
      const cost = this.costOf.get(phase) ?? 0;
      const clock = this.phaseClock.get(phase);
      if (!count || !clock || cost <= 0 || !(rate > 0) || now - count.heard < SILENCE_MS) continue;
      const planned = this.plannedSamples.get(phase) ?? 0;
      const expectedSeconds = (planned * cost) / rate;
      const guessed = Math.min(GUESSED_SHARE * planned, (planned * (now - clock.started)) / 1000 / expectedSeconds);
      if (guessed <= count.samples) continue;
      const samples = guessed - count.samples;
      count.samples = guessed;
      this.doneCost += samples * cost;
      clock.samples += samples;
      moved = true;
    }
    if (moved) this.advance([...this.runningByEvents].at(-1)!, 0, true);
  }

  skip(phase: string, samples: number): void {
    const cost = samples * (this.costOf.get(phase) ?? 0);
    this.doneCost += cost;
    this.skippedCost += cost;
  }

  startPhase(phase: string): void {
    this.phaseClock.set(phase, { started: performance.now(), samples: 0 });
  }

  /** Counts `samples` of `phase`; the progress event names `shown` (a step of a stage names itself). */
  advance(phase: string, samples: number, force = false, shown = phase): void {
    this.doneCost += samples * (this.costOf.get(phase) ?? 0);
    const clock = this.phaseClock.get(phase) ?? { started: performance.now(), samples: 0 };
    clock.samples += samples;
    this.phaseClock.set(phase, clock);
    const now = performance.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const fraction = Math.min(1, this.doneCost / this.totalCost);
    const elapsed = (now - this.started) / 1000;
    const doneHere = this.doneCost - this.skippedCost;
    const rate = elapsed > 0 ? doneHere / elapsed : 0;
    const phaseElapsed = (now - clock.started) / 1000;
    const samplesPerSec = phaseElapsed > 0 ? clock.samples / phaseElapsed : 0;
    const etaSeconds = rate > 0 ? (this.totalCost - this.doneCost) / rate : 0;
    this.emit({ type: 'progress', phase: shown, fraction, samplesPerSec, etaSeconds: Math.max(0, etaSeconds) });
  }
}
