import { describe, expect, it } from 'vitest';
import { applyPipelineEvent, emptyLiveRun } from '../../src/renderer/src/live/live-run.ts';
import { counterName, currentStage, samplesPerSecText, shownPercent } from '../../src/renderer/src/live/stage-label.ts';

describe('the live panel names the stage that is running', () => {
  it('follows training, evaluation and the maps instead of the phase that reported last', () => {
    const run = emptyLiveRun(3);
    expect(currentStage(run).label).toBe('waiting for its turn');
    applyPipelineEvent(run, { type: 'phase-start', phase: 'finetune:pretrained', epochs: 3, samplesPerEpoch: 500 });
    applyPipelineEvent(run, { type: 'epoch', phase: 'finetune:pretrained', epoch: 3, metrics: { testSSE: 9 } });
    expect(currentStage(run)).toMatchObject({ label: 'fine-tuning the pretrained arm', phase: { epoch: 3, epochs: 3 } });
    applyPipelineEvent(run, { type: 'phase-end', phase: 'finetune:pretrained', seconds: 2 });
    // Training is over, the arm is being evaluated: no phase counter, not "3 / 3".
    expect(currentStage(run)).toEqual({ label: 'evaluating the arms' });
    // The evaluation's stages name themselves and count images, then L-BFGS iterations.
    applyPipelineEvent(run, { type: 'phase-start', phase: 'evaluate:pretrained', epochs: 1000, samplesPerEpoch: 1 });
    applyPipelineEvent(run, { type: 'epoch', phase: 'evaluate:pretrained', epoch: 400, metrics: {} });
    expect(currentStage(run)).toMatchObject({ label: 'evaluating the pretrained arm: error and codes of every image', phase: { epoch: 400, epochs: 1000 } });
    expect(counterName('evaluate:pretrained')).toBe('Image');
    applyPipelineEvent(run, { type: 'phase-end', phase: 'evaluate:pretrained', seconds: 1 });
    applyPipelineEvent(run, { type: 'phase-start', phase: 'logreg:pretrained', epochs: 500, samplesPerEpoch: 1 });
    applyPipelineEvent(run, { type: 'phase-start', phase: 'logreg:raw', epochs: 500, samplesPerEpoch: 1 });
    expect(currentStage(run).label).toBe('evaluating the pretrained arm: logistic regression on its codes · raw-pixel baseline: logistic regression on the pixels');
    expect(counterName('logreg:raw')).toBe('Iteration');
    applyPipelineEvent(run, { type: 'phase-end', phase: 'logreg:pretrained', seconds: 1 });
    applyPipelineEvent(run, { type: 'phase-end', phase: 'logreg:raw', seconds: 1 });
    expect(currentStage(run)).toEqual({ label: 'reconstructions of the test digits, codes for the maps' });
    // No evaluation event adds a metric point.
    expect(run.metrics.filter((m) => m.phase.startsWith('evaluate:') || m.phase.startsWith('logreg:'))).toEqual([]);

    applyPipelineEvent(run, { type: 'phase-start', phase: 'tsne:raw', epochs: 1000, samplesPerEpoch: 2000 });
    applyPipelineEvent(run, { type: 'phase-start', phase: 'tsne:pretrained', epochs: 1000, samplesPerEpoch: 2000 });
    applyPipelineEvent(run, { type: 'epoch', phase: 'tsne:raw', epoch: 1000, metrics: { kl: 1 } });
    applyPipelineEvent(run, { type: 'phase-end', phase: 'tsne:raw', seconds: 30 });
    // The finished map reported last; the counter shows the one still running.
    applyPipelineEvent(run, { type: 'epoch', phase: 'tsne:pretrained', epoch: 250, metrics: { kl: 2 } });
    const stage = currentStage(run);
    expect(stage.label).toBe('t-SNE map of the pretrained codes');
    expect(stage.phase?.phase).toBe('tsne:pretrained');
    expect(stage.phase?.epoch).toBe(250);
    expect(counterName(stage.phase!.phase)).toBe('Iteration');

    applyPipelineEvent(run, { type: 'phase-start', phase: 'debias:classifier', epochs: 6, samplesPerEpoch: 500 });
    applyPipelineEvent(run, { type: 'progress', phase: 'debias:classifier', fraction: 0.99, samplesPerSec: 1, etaSeconds: 4 });
    expect(currentStage(run).label).toBe('t-SNE map of the pretrained codes · debias: digit classifier, plain and reweighted');
    expect(currentStage(run).phase?.phase).toBe('debias:classifier');
    applyPipelineEvent(run, { type: 'phase-end', phase: 'tsne:pretrained', seconds: 30 });
    applyPipelineEvent(run, { type: 'phase-end', phase: 'debias:classifier', seconds: 3 });
    expect(currentStage(run)).toEqual({ label: 'saving the results' });
  });

  it('shows the percent below 100 until the run is done, and samples a second only while training reports', () => {
    const run = emptyLiveRun(4, 'running');
    applyPipelineEvent(run, { type: 'progress', phase: 'finetune:random', fraction: 0.4, samplesPerSec: 1234.4, etaSeconds: 60 });
    expect(shownPercent(run)).toBe(40);
    expect(samplesPerSecText(run)).toBe((1234).toLocaleString());
    applyPipelineEvent(run, { type: 'progress', phase: 'logreg:raw', fraction: 0.9996, samplesPerSec: 30, etaSeconds: 1 });
    // 99.96 % rounds to 100.0 %, which would say the run is over while the last stage still runs.
    expect(shownPercent(run)).toBe(99.9);
    expect(samplesPerSecText(run)).toBe('–');
    applyPipelineEvent(run, { type: 'done', summary: {} as never });
    run.status = 'done';
    expect(shownPercent(run)).toBe(100);
  });
});
