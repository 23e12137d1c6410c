import { quickPreset } from '../../src/shared/presets.ts';
import type { EmbeddingMap, ExperimentSummary, ImageGrid, MetricPoint } from '../../src/shared/results.ts';

/** Hand-made curves: `layers` RBMs with trainSSE/stackSSE/freeEnergyGap, and both arms fine-tuned. */
export function fixtureMetrics(layers = 4, rbmEpochs = 6, finetuneEpochs = 8): MetricPoint[] {
  const m: MetricPoint[] = [];
  for (let l = 1; l <= layers; l++) {
    for (let e = 1; e <= rbmEpochs; e++) {
      m.push({ phase: `pretrain:${l}`, epoch: e, name: 'trainSSE', value: 40 - 5 * l - e });
      m.push({ phase: `pretrain:${l}`, epoch: e, name: 'stackSSE', value: 20 + l + 1 / e });
      m.push({ phase: `pretrain:${l}`, epoch: e, name: 'freeEnergyGap', value: 0.1 * e * l });
    }
  }
  for (const [arm, k] of [['pretrained', 1], ['random', 2]] as const) {
    for (let e = 1; e <= finetuneEpochs; e++) {
      m.push({ phase: `finetune:${arm}`, epoch: e, name: 'trainLoss', value: 60 * k + 40 / e });
      m.push({ phase: `finetune:${arm}`, epoch: e, name: 'testSSE', value: 4 * k + 10 / e });
    }
  }
  return m;
}

export function fixtureSummary(): ExperimentSummary {
  return {
    backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', native: false, gpu: false, skipped: [{ name: 'tensorflow', reason: 'module not installed' }] },
    config: quickPreset,
    seed: 1,
    arms: {
      pretrained: { arm: 'pretrained', testSSE: 4.5213, trainSSE: 4.1, logregAccuracy: 0.9612, seconds: 512.3, init: 'rbm' },
      random: { arm: 'random', testSSE: 8.3147, trainSSE: 8.0, logregAccuracy: 0.9123, seconds: 300.1, init: 'glorot-uniform' },
    },
    baselines: { pca: { testSSE: 14.1987, logregAccuracy: 0.8954, components: 30 }, raw: { logregAccuracy: 0.9201 } },
    seconds: 900.4,
  };
}

/** `perClass` points for each digit, digit d's points clustered at (10d, -10d). */
export function fixtureMap(representation: string, perClass = 5, digits = 10): EmbeddingMap {
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let d = 0; d < digits; d++) {
    for (let i = 0; i < perClass; i++) {
      points.push([10 * d + i * 0.1, -10 * d + i * 0.2]);
      labels.push(d);
    }
  }
  return { representation, points, labels, indices: labels.map((_, i) => i), method: 'tsne', kl: 1.2345, trustworthiness: 0.9531, knnAccuracy: 0.912 };
}

/** Rows of 28x28 grey images; image c of row r is blank except pixel (r, c) set to `value`. */
export function fixtureGrid(labels = ['original', 'pretrained', 'random', 'PCA'], columns = 3, value = 1): ImageGrid {
  return {
    height: 28,
    width: 28,
    channels: 1,
    digits: Array.from({ length: columns }, (_, c) => c),
    rows: labels.map((label, r) => ({
      label,
      images: Array.from({ length: columns }, (_, c) => Array.from({ length: 784 }, (_, p) => (p === r * 28 + c ? value : 0))),
    })),
  };
}
