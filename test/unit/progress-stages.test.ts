import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { codes2dPreset, debiasPreset, smokePreset } from '../../src/shared/presets.ts';
import { planPhases } from '../../src/engine/pipeline/plan.ts';
import { ProgressTracker } from '../../src/engine/progress.ts';

type Progress = Extract<PipelineEvent, { type: 'progress' }>;

describe('progress through the stages after training', () => {
  it('keeps the fraction below 1 and the ETA above 0 until the maps are made, then reaches 1', () => {
    const events: PipelineEvent[] = [];
    // Training costs 10 x 100 = 1000 units, the map 100 iterations x 10 points x 1 = 1000 more.
    const tracker = new ProgressTracker(
      [
        { phase: 'finetune:pretrained', samples: 10, costPerSample: 100 },
        { phase: 'tsne:raw', samples: 1000, costPerSample: 1, byEvents: true },
      ],
      (event) => events.push(event),
      0,
    );
    const emit = tracker.observing((event) => events.push(event));
    const last = () => events.filter((e): e is Progress => e.type === 'progress').at(-1)!;

    tracker.startPhase('finetune:pretrained');
    tracker.advance('finetune:pretrained', 10);
    expect(last().fraction).toBeCloseTo(0.5, 12);
    expect(last().etaSeconds).toBeGreaterThan(0);

    emit({ type: 'phase-start', phase: 'tsne:raw', epochs: 100, samplesPerEpoch: 10 });
    expect(last().phase).toBe('tsne:raw');
    emit({ type: 'epoch', phase: 'tsne:raw', epoch: 50, metrics: { kl: 1 } });
    expect(last().fraction).toBeCloseTo(0.75, 12);
    expect(last().etaSeconds).toBeGreaterThan(0);
    emit({ type: 'epoch', phase: 'tsne:raw', epoch: 60, metrics: { kl: 1 } });
    expect(last().fraction).toBeCloseTo(0.8, 12);
    emit({ type: 'phase-end', phase: 'tsne:raw', seconds: 1 });
    expect(last().fraction).toBeCloseTo(1, 12);
    expect(last().etaSeconds).toBe(0);
    // Every event still reaches the listener, once.
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
  });

  it('plans a t-SNE map per representation the embeddings stage maps, none for 2-d codes', () => {
    const smoke = planPhases(smokePreset);
    const isMap = (p: { phase: string }) => p.phase.startsWith('tsne:') || p.phase.startsWith('umap:');
    const maps = smoke.filter(isMap);
    expect(maps.map((p) => p.phase)).toEqual(['tsne:raw', 'tsne:pca', 'tsne:pretrained', 'tsne:random']);
    // 100 points x 200 iterations each.
    for (const map of maps) expect(map.samples).toBe(100 * 200);
    const maps2d = planPhases({ ...codes2dPreset, evaluation: { ...codes2dPreset.evaluation, tsne: { ...codes2dPreset.evaluation.tsne, points: 500 } } }).filter(isMap);
    expect(maps2d.map((p) => p.phase)).toEqual(['tsne:raw']);
    const withUmap = planPhases({ ...smokePreset, evaluation: { ...smokePreset.evaluation, umap: true } }).filter((p) => p.phase.startsWith('umap:'));
    expect(withUmap.map((p) => p.phase)).toEqual(['umap:raw', 'umap:pca', 'umap:pretrained', 'umap:random']);
  });
});

describe('progress through the debias stage', () => {
  it('counts each detector and the classifier as a step and names the phase running', () => {
    const events: PipelineEvent[] = [];
    const tracker = new ProgressTracker(
      [
        { phase: 'finetune:pretrained', samples: 10, costPerSample: 100 },
        { phase: 'debias:', samples: 4, costPerSample: 250, byEvents: true, prefix: true },
      ],
      (event) => events.push(event),
      0,
    );
    const emit = tracker.observing(() => undefined);
    const last = () => events.filter((e): e is Progress => e.type === 'progress').at(-1)!;
    tracker.advance('finetune:pretrained', 10);
    expect(last().fraction).toBeCloseTo(0.5, 12);
    emit({ type: 'phase-start', phase: 'debias:knn-codes', epochs: 1, samplesPerEpoch: 1000 });
    expect(last().phase).toBe('debias:knn-codes');
    expect(last().fraction).toBeCloseTo(0.5, 12);
    emit({ type: 'phase-end', phase: 'debias:knn-codes', seconds: 10 });
    expect(last().fraction).toBeCloseTo(0.625, 12);
    for (const step of ['gce-mlp', 'gce-pixel-bag', 'classifier']) {
      emit({ type: 'phase-start', phase: `debias:${step}`, epochs: 1, samplesPerEpoch: 1000 });
      emit({ type: 'phase-end', phase: `debias:${step}`, seconds: 10 });
    }
    expect(last().fraction).toBeCloseTo(1, 12);
    // A fifth phase (more detectors than planned) cannot take the fraction past 1.
    emit({ type: 'phase-end', phase: 'debias:extra', seconds: 1 });
    expect(last().fraction).toBeCloseTo(1, 12);
  });

  it('plans the debias stage for ColoredMNIST runs only', () => {
    expect(planPhases(debiasPreset).filter((p) => p.prefix).map((p) => [p.phase, p.samples])).toEqual([['debias:', 4]]);
    expect(planPhases(smokePreset).some((p) => p.prefix)).toBe(false);
  });
});
