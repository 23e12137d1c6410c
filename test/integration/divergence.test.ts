import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import { DivergenceError } from '../../src/engine/divergence.ts';
import { runExperiment, type Checkpoint } from '../../src/engine/pipeline.ts';
import { CheckpointError } from '../../src/engine/pipeline/checkpoint-check.ts';
import { loadExperimentData } from '../../src/engine/pipeline/data.ts';
import { runArm } from '../../src/engine/pipeline/finetune-stage.ts';
import { planPhases } from '../../src/engine/pipeline/plan.ts';
import { reconstructionDigits } from '../../src/engine/pipeline/reconstruction-grid.ts';
import type { StageContext } from '../../src/engine/pipeline/stage-context.ts';
import { emptyProgress } from '../../src/engine/pipeline/state.ts';
import { ProgressTracker } from '../../src/engine/progress.ts';
import { Rbm } from '../../src/engine/rbm/rbm.ts';
import { rowMatrix } from '../../src/engine/row-matrix.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import type { ExperimentConfig } from '../../src/shared/config.ts';
import type { PipelineEvent } from '../../src/shared/events.ts';
import { clonePreset } from '../../src/shared/presets.ts';

/** The smoke preset (784-64-32-8, 2 epochs a stage) without maps, on wasm. */
function smoke(topLearningRate: number): ExperimentConfig {
  const config = clonePreset('smoke');
  config.pretrain.topLearningRate = topLearningRate;
  config.evaluation.tsne.points = 0;
  config.backend = 'wasm';
  return config;
}

const epochEvents = (events: PipelineEvent[]) => events.filter((e): e is Extract<PipelineEvent, { type: 'epoch' }> => e.type === 'epoch');
const allFinite = (values: Iterable<number>) => [...values].every(Number.isFinite);

describe('a diverging run', () => {
  let diverged: { error: unknown; events: PipelineEvent[]; checkpoints: Checkpoint[] };
  beforeAll(async () => {
    await initBackend('wasm');
    const events: PipelineEvent[] = [];
    const checkpoints: Checkpoint[] = [];
    const error = await runExperiment(smoke(10), {
      parallel: false,
      onEvent: (e) => events.push(e),
      checkpoints: { save: (c) => void checkpoints.push(c) },
    }).catch((e: unknown) => e);
    diverged = { error, events, checkpoints };
  });

  it('stops at the end of the first bad epoch, naming the phase, the epoch and the setting to lower', () => {
    const { error } = diverged;
    expect(error).toBeInstanceOf(DivergenceError);
    const divergence = error as DivergenceError;
    expect(divergence.phase).toBe('pretrain:3');
    expect(divergence.setting).toBe('pretrain.topLearningRate');
    expect(divergence.message).toMatch(/^training diverged in pretrain:3 at epoch \d: \w+ \(NaN\) is not a finite number\. Lower pretrain\.topLearningRate \(now 10\) and run again\./);
  });

  it('keeps what came before: finite metrics of every earlier epoch, the same as a run that does not diverge, and the last good checkpoint', async () => {
    const { events, checkpoints, error } = diverged;
    const recorded = epochEvents(events);
    expect(recorded.every((e) => allFinite(Object.values(e.metrics)))).toBe(true);
    const badEpoch = (error as DivergenceError).epoch;
    expect(recorded.filter((e) => e.phase === 'pretrain:3').map((e) => e.epoch)).toEqual(Array.from({ length: badEpoch - 1 }, (_, i) => i + 1));
    // The first two layers do not depend on the top layer's rate: a sound run records the same numbers.
    const reference: PipelineEvent[] = [];
    const sound = smoke(0.001);
    sound.arms = ['pretrained'];
    sound.finetune.epochs = 1;
    await runExperiment(sound, { parallel: false, onEvent: (e) => reference.push(e) });
    const lower = (list: PipelineEvent[]) => epochEvents(list).filter((e) => e.phase === 'pretrain:1' || e.phase === 'pretrain:2').map((e) => [e.phase, e.epoch, e.metrics.trainSSE, e.metrics.stackSSE]);
    expect(lower(recorded)).toEqual(lower(reference));
    expect(lower(recorded)).toHaveLength(4);
    const last = checkpoints.at(-1)!;
    expect(last.position).toBe(badEpoch > 1 ? `pretrain:3 epoch ${badEpoch - 1}` : 'pretrain:2 epoch 2');
    expect(Object.values(last.blobs).every((b) => allFinite(b))).toBe(true);
  });

  it('refuses to resume from a checkpoint with a non-finite weight, naming the blob and the index', async () => {
    const last = diverged.checkpoints.at(-1)!;
    const weights = last.blobs['rbm.1.weights'].slice();
    weights[5] = Number.NaN;
    const broken = { ...last, blobs: { ...last.blobs, 'rbm.1.weights': weights } };
    await expect(runExperiment(smoke(0.001), { parallel: false, onEvent: () => {}, resume: broken })).rejects.toThrow(
      new CheckpointError(`checkpoint "${last.position}": rbm.1.weights[5] is NaN, not a finite number; resuming would train from broken weights`),
    );
  });

  it('refuses to resume from a checkpoint whose shapes do not match the config, naming the blob and both sizes', async () => {
    const last = diverged.checkpoints.at(-1)!;
    const other = smoke(0.001);
    other.layers = [784, 64, 16, 8];
    await expect(runExperiment(other, { parallel: false, onEvent: () => {}, resume: last })).rejects.toThrow(
      /rbm\.2\.weights has 2048 values but layers \[784, 64, 16, 8\] need 1024; it is not from this config/,
    );
    const deeper = smoke(0.001);
    deeper.layers = [784, 64];
    await expect(runExperiment(deeper, { parallel: false, onEvent: () => {}, resume: last })).rejects.toThrow(/holds rbm\.2\.\w+, which layers \[784, 64\] have no place for/);
  });
});

describe('a diverging fine-tuning arm', () => {
  it('stops naming finetune:<arm>, the epoch and finetune.learningRate, and records no bad epoch', async () => {
    const config = smoke(0.001);
    config.arms = ['pretrained'];
    config.evaluation.reconstructions = false;
    const data = await loadExperimentData(config);
    const events: PipelineEvent[] = [];
    const emit = (e: PipelineEvent) => void events.push(e);
    const ctx: StageContext = {
      config,
      data,
      trainRows: rowMatrix(data.train.images, data.train.count, data.train.dim),
      testRows: rowMatrix(data.test.images, data.test.count, data.test.dim),
      emit,
      tracker: new ProgressTracker(planPhases(config), emit),
      progress: emptyProgress(),
      retainedBlobs: {},
      inflightBlobs: {},
      panelDigits: reconstructionDigits(data.test),
    };
    // A stack whose first RBM carries one infinite weight: the unrolled network's outputs are NaN.
    const rng = new SeededRandom(3);
    const rbms = [784, 64, 32, 8].slice(1).map((hidden, i, rest) => {
      const visible = i === 0 ? 784 : rest[i - 1];
      const weights = Float32Array.from({ length: visible * hidden }, () => rng.normal() * 0.01);
      if (i === 0) weights[7] = Number.POSITIVE_INFINITY;
      const zeros = (n: number) => new Float32Array(n);
      return Rbm.fromState({
        visible,
        hidden,
        hiddenUnits: i === 2 ? 'gaussian' : 'binary',
        weights,
        visibleBias: zeros(visible),
        hiddenBias: zeros(hidden),
        weightsIncrement: zeros(visible * hidden),
        visibleBiasIncrement: zeros(visible),
        hiddenBiasIncrement: zeros(hidden),
      });
    });
    try {
      const error = await runArm(ctx, 'pretrained', rbms).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DivergenceError);
      expect((error as DivergenceError).message).toMatch(/^training diverged in finetune:pretrained at epoch 1: .* Lower finetune\.learningRate \(now 0\.003\) and run again\./);
      expect(epochEvents(events)).toEqual([]);
    } finally {
      rbms.forEach((r) => r.dispose());
    }
  });
});
