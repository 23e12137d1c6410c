import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import type { Dataset } from '../../src/engine/data/types.ts';
import { pretrainStack } from '../../src/engine/pipeline/pretrain-stage.ts';
import type { StageContext } from '../../src/engine/pipeline/stage-context.ts';
import { emptyProgress } from '../../src/engine/pipeline/state.ts';
import type { CdSettings } from '../../src/engine/rbm/contrastive-divergence.ts';
import type { Rbm } from '../../src/engine/rbm/rbm.ts';
import { rowMatrix } from '../../src/engine/row-matrix.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { clonePreset } from '../../src/shared/presets.ts';

/** What one CD step of the stack was actually given. */
interface ObservedStep {
  visible: number;
  hidden: number;
  hiddenUnits: string;
  batchRows: number;
  settings: CdSettings;
  /** Standard deviation of the weights at the layer's first step (the initialisation). */
  weightStd?: number;
}

const observed: ObservedStep[] = [];

// Records every CD step of the real pretraining stage instead of updating (the protocol, not the maths, is under test).
vi.mock('../../src/engine/rbm/contrastive-divergence.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/engine/rbm/contrastive-divergence.ts')>();
  return {
    ...original,
    contrastiveDivergenceStep: (rbm: Rbm, batch: tf.Tensor2D, settings: CdSettings) => {
      const first = !observed.some((o) => o.visible === rbm.visible && o.hidden === rbm.hidden);
      const weights = first ? Array.from(rbm.weights.dataSync()) : [];
      const mean = weights.reduce((s, w) => s + w, 0) / Math.max(1, weights.length);
      const weightStd = first ? Math.sqrt(weights.reduce((s, w) => s + (w - mean) ** 2, 0) / weights.length) : undefined;
      observed.push({ visible: rbm.visible, hidden: rbm.hidden, hiddenUnits: rbm.hiddenUnits, batchRows: batch.shape[0], settings: { ...settings }, weightStd });
      return tf.scalar(0);
    },
  };
});

function contextFor(rows: number): StageContext {
  const config = clonePreset('paper');
  const rng = new SeededRandom(3);
  const pixels = (count: number) => Float32Array.from({ length: count * 784 }, () => rng.next());
  const train = pixels(rows);
  const test = pixels(50);
  return {
    config,
    data: {} as Dataset,
    trainRows: rowMatrix(train, rows, 784),
    testRows: rowMatrix(test, 50, 784),
    emit: () => {},
    tracker: { skip: () => {}, startPhase: () => {}, advance: () => {} },
    progress: emptyProgress(),
    retainedBlobs: {},
    inflightBlobs: {},
    panelDigits: [],
  };
}

describe("the paper preset's pretraining protocol, as each layer trains", () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('gives each RBM the paper settings: linear top at lr 0.001, momentum 0.5 then 0.9 after 5 epochs, decay 2e-4, batches of 100, weights 0.1 N(0,1)', async () => {
    observed.length = 0;
    const rbms = await pretrainStack(contextFor(200));
    rbms.forEach((r) => r.dispose());
    const layers = [
      [784, 1000],
      [1000, 500],
      [500, 250],
      [250, 30],
    ];
    for (const [index, [visible, hidden]] of layers.entries()) {
      const steps = observed.filter((o) => o.visible === visible && o.hidden === hidden);
      // 50 epochs of 200 images in batches of 100.
      expect(steps).toHaveLength(100);
      expect(new Set(steps.map((s) => s.batchRows))).toEqual(new Set([100]));
      const top = index === layers.length - 1;
      expect(new Set(steps.map((s) => s.hiddenUnits))).toEqual(new Set([top ? 'gaussian' : 'binary']));
      expect(new Set(steps.map((s) => s.settings.learningRate))).toEqual(new Set([top ? 0.001 : 0.1]));
      expect(new Set(steps.map((s) => s.settings.weightDecay))).toEqual(new Set([0.0002]));
      expect(new Set(steps.map((s) => s.settings.k))).toEqual(new Set([1]));
      // Epochs 1-5 (two steps each) at momentum 0.5, epochs 6-50 at 0.9, as rbm.m's `if epoch>5`.
      expect(steps.map((s) => s.settings.momentum)).toEqual([...Array(10).fill(0.5), ...Array(90).fill(0.9)]);
      // Sample std of visible*hidden draws of 0.1 N(0,1): within 5% even for the 7,500 top weights.
      expect(steps[0].weightStd!).toBeGreaterThan(0.095);
      expect(steps[0].weightStd!).toBeLessThan(0.105);
    }
    expect(observed).toHaveLength(400);
  }, 120_000);

  it('is the paper preset as pinned here', () => {
    expect(clonePreset('paper')).toMatchInlineSnapshot(`
      {
        "arms": [
          "pretrained",
          "random",
        ],
        "backend": "auto",
        "baselines": [
          "pca",
          "raw",
        ],
        "dataset": {
          "name": "mnist",
          "testSize": 10000,
          "trainSize": 60000,
        },
        "debias": {
          "severity": 1,
          "skew": 0.9,
        },
        "evaluation": {
          "logreg": {
            "iterations": 500,
            "l2": 0.0001,
          },
          "reconstructions": true,
          "tsne": {
            "init": "pca",
            "iterations": 1000,
            "learningRate": 200,
            "perplexity": 30,
            "points": 2000,
          },
          "umap": false,
        },
        "finetune": {
          "batchSize": 1000,
          "epochs": 200,
          "learningRate": 0.001,
          "lineSearches": 3,
          "loss": "cross-entropy",
          "momentum": 0.9,
          "optimizer": "cg",
          "randomInit": "glorot-uniform",
          "weightDecay": 0,
        },
        "layers": [
          784,
          1000,
          500,
          250,
          30,
        ],
        "preset": "paper",
        "pretrain": {
          "batchSize": 100,
          "cdK": 1,
          "epochs": 50,
          "initStd": 0.1,
          "learningRate": 0.1,
          "momentum": {
            "final": 0.9,
            "initial": 0.5,
            "switchEpoch": 5,
          },
          "monitorSize": 1000,
          "topLearningRate": 0.001,
          "weightDecay": 0.0002,
        },
        "seed": 1,
      }
    `);
  });
});
