import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { planPhases } from '../../src/engine/pipeline/plan.ts';
import { ProgressTracker } from '../../src/engine/progress.ts';

type Progress = Extract<PipelineEvent, { type: 'progress' }>;

/**
 * The smoke preset's plan worked out by hand (784-64-32-8, 500 training and 200 test images, 2 RBM
 * and 2 Adam epochs, both arms, PCA and raw baselines, 100 L-BFGS iterations, 100-point t-SNE maps
 * of 200 iterations), with the calibrated constants of stage-costs.ts written out.
 */
const forwardPass = 2 * (784 * 64 + 64 * 32 + 32 * 8); // 104,960 multiply-adds per image
const logregIteration = (dim: number) => 500 * (dim + 140) * 10 * 4.5;
// 200 iterations of 125 multiply-adds per pair of the 100 points, plus 1e7 a iteration.
const tsneMap = 200 * (125 * 100 * 100 + 1e7);
const byHand: Record<string, number> = {
  'pretrain:1': 500 * 2 * 784 * 64 * (3 + 2),
  'pretrain:2': 500 * 2 * 64 * 32 * (3 + 2),
  'pretrain:3': 500 * 2 * 32 * 8 * (3 + 2),
  'finetune:pretrained': 500 * 2 * forwardPass * 3,
  'finetune:random': 500 * 2 * forwardPass * 3,
  'pca:fit': 500 * 784 * 784 * 5 + 784 ** 3 * 25,
  'logreg:pca': 100 * logregIteration(8),
  'logreg:raw': 100 * logregIteration(784),
  'evaluate:pretrained': (500 + 200) * forwardPass * 0.5,
  'logreg:pretrained': 100 * logregIteration(8),
  'evaluate:random': (500 + 200) * forwardPass * 0.5,
  'logreg:random': 100 * logregIteration(8),
  'tsne:raw': tsneMap,
  'tsne:pca': tsneMap,
  'tsne:pretrained': tsneMap,
  'tsne:random': tsneMap,
};
const total = Object.values(byHand).reduce((a, b) => a + b, 0);

describe('the run plan covers every stage from start to done', () => {
  it('gives each stage of a smoke run the share of the work a hand computation gives it', () => {
    const plan = planPhases(smokePreset);
    expect(plan.map((p) => p.phase).sort()).toEqual(Object.keys(byHand).sort());
    const planned = plan.reduce((sum, p) => sum + p.samples * p.costPerSample, 0);
    for (const p of plan) expect((p.samples * p.costPerSample) / planned, p.phase).toBeCloseTo(byHand[p.phase] / total, 9);
    // The evaluation after training (PCA, logistic regressions, the arms' passes) is 63 % of a smoke run's work:
    // the PCA fit's eigenvectors alone cost what 784^3 multiply-adds do, whatever the number of images.
    const evaluation = ['pca:fit', 'logreg:pca', 'logreg:raw', 'evaluate:pretrained', 'logreg:pretrained', 'evaluate:random', 'logreg:random'];
    const share = evaluation.reduce((sum, phase) => sum + byHand[phase], 0) / total;
    expect(share).toBeCloseTo(0.6285, 3);
  });

  it('leaves out the stages a config does not run', () => {
    const phases = (config: typeof smokePreset) => planPhases(config).map((p) => p.phase);
    const noBaselines = phases({ ...smokePreset, baselines: [], evaluation: { ...smokePreset.evaluation, reconstructions: false, tsne: { ...smokePreset.evaluation.tsne, points: 0 } } });
    expect(noBaselines.filter((p) => p.startsWith('pca') || p.startsWith('logreg:pca') || p.startsWith('logreg:raw'))).toEqual([]);
    expect(phases({ ...smokePreset, arms: ['random'] }).filter((p) => p.startsWith('evaluate:') || p.startsWith('logreg:'))).toEqual(['logreg:pca', 'logreg:raw', 'evaluate:random', 'logreg:random']);
  });

  it('moves the fraction up through every stage and reaches 1 only when the last one ends', () => {
    const plan = planPhases(smokePreset);
    const progress: Progress[] = [];
    const tracker = new ProgressTracker(plan, (event) => event.type === 'progress' && progress.push(event), 0);
    const emit = tracker.observing(() => undefined);
    let expected = 0;
    for (const p of plan) {
      if (p.byEvents) {
        // Stages after training count their steps from their own events, as the pipeline emits them.
        emit({ type: 'phase-start', phase: p.phase, epochs: p.samples, samplesPerEpoch: 1 });
        emit({ type: 'epoch', phase: p.phase, epoch: Math.floor(p.samples / 2), metrics: {} });
        expect(progress.at(-1)!.fraction, p.phase).toBeCloseTo((expected + (Math.floor(p.samples / 2) / p.samples) * byHand[p.phase]) / total, 9);
        emit({ type: 'phase-end', phase: p.phase, seconds: 1 });
      } else {
        tracker.startPhase(p.phase);
        tracker.advance(p.phase, p.samples);
      }
      expected += byHand[p.phase];
      expect(progress.at(-1)!.fraction, p.phase).toBeCloseTo(expected / total, 9);
      expect(progress.at(-1)!.phase, p.phase).toBe(p.phase);
    }
    const fractions = progress.map((e) => e.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.slice(0, -1).every((f) => f < 1)).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
  });
});

describe('the heartbeat through a stage that works in one long silent step', () => {
  afterEach(() => vi.useRealTimers());

  it("counts the phase's planned share by the run's measured rate, up to 90 %, and its events only beyond that", () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const progress: Progress[] = [];
    // Training 10 x 100 = 1,000 units, then the PCA fit 100 steps x 10 = 1,000 units.
    const tracker = new ProgressTracker(
      [
        { phase: 'finetune:pretrained', samples: 10, costPerSample: 100 },
        { phase: 'pca:fit', samples: 100, costPerSample: 10, byEvents: true },
      ],
      (event) => event.type === 'progress' && progress.push(event),
      0,
    );
    const emit = tracker.observing(() => undefined);
    vi.advanceTimersByTime(1000);
    tracker.advance('finetune:pretrained', 10);
    emit({ type: 'phase-start', phase: 'pca:fit', epochs: 100, samplesPerEpoch: 1 });
    expect(progress.at(-1)!.fraction).toBeCloseTo(0.5, 12);
    vi.advanceTimersByTime(500);
    tracker.heartbeat();
    // Heard from half a second ago: no guess yet.
    expect(progress.at(-1)!.fraction).toBeCloseTo(0.5, 12);
    vi.advanceTimersByTime(500);
    tracker.heartbeat();
    // 1,000 units in 2 s: the fit's 1,000 units take 2 s, and 1 s of them has passed: half of it.
    expect(progress.at(-1)!.fraction).toBeCloseTo(0.75, 12);
    expect(progress.at(-1)!.etaSeconds).toBeCloseTo(500 / (1500 / 2), 9);
    vi.advanceTimersByTime(8000);
    tracker.heartbeat();
    // Long past its time: the guess stops at 90 % of the phase.
    expect(progress.at(-1)!.fraction).toBeCloseTo(0.95, 12);
    emit({ type: 'epoch', phase: 'pca:fit', epoch: 60, metrics: {} });
    expect(progress.at(-1)!.fraction).toBeCloseTo(0.95, 12);
    emit({ type: 'phase-end', phase: 'pca:fit', seconds: 9 });
    expect(progress.at(-1)!.fraction).toBeCloseTo(1, 12);
    tracker.heartbeat();
    expect(progress.at(-1)!.fraction).toBeCloseTo(1, 12);
  });
});
