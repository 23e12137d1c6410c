import { describe, expect, it } from 'vitest';
import { applyPipelineEvent, emptyLiveRun } from '../../src/renderer/src/live/live-run.ts';
import { counterName, currentStage } from '../../src/renderer/src/live/stage-label.ts';

describe('the live panel names the stage that is running', () => {
  it('follows training, evaluation and the maps instead of the phase that reported last', () => {
    const run = emptyLiveRun(3);
    expect(currentStage(run).label).toBe('waiting for its turn');
    applyPipelineEvent(run, { type: 'phase-start', phase: 'finetune:pretrained', epochs: 3, samplesPerEpoch: 500 });
    applyPipelineEvent(run, { type: 'epoch', phase: 'finetune:pretrained', epoch: 3, metrics: { testSSE: 9 } });
    expect(currentStage(run)).toMatchObject({ label: 'fine-tuning the pretrained arm', phase: { epoch: 3, epochs: 3 } });
    applyPipelineEvent(run, { type: 'phase-end', phase: 'finetune:pretrained', seconds: 2 });
    // Training is over, the arm is being evaluated: no phase counter, not "3 / 3".
    expect(currentStage(run)).toEqual({ label: 'evaluating: baselines (PCA, raw pixels), logistic regression on the codes, reconstructions' });

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
});
