import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend.ts';
import type { ImageSet } from '../../src/engine/data/types.ts';
import { averagePool } from '../../src/engine/debias/average-pool.ts';
import { trainClassifier } from '../../src/engine/debias/classifier-training.ts';
import { detectorInputOf } from '../../src/engine/debias/detector-input.ts';
import { biasedClassifierScores } from '../../src/engine/debias/gce-score.ts';
import { generateColoredMnist } from '../../src/engine/debias/generate.ts';
import { knnDistanceScores } from '../../src/engine/debias/knn-score.ts';
import { createMlp } from '../../src/engine/debias/mlp-classifier.ts';
import { upweightedSampleWeights } from '../../src/engine/debias/reweighting.ts';
import { scoreDetection } from '../../src/engine/debias/scoring.ts';
import { classProbabilities, disposeClassifier } from '../../src/engine/debias/trainable-classifier.ts';
import { syntheticDigits } from './debias-fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

const data = generateColoredMnist({ train: syntheticDigits(2000, 1), test: syntheticDigits(500, 2) }, { skew: 0.9, severity: 1, seed: 1 });

describe('knnDistanceScores', () => {
  it('scores the isolated points of each class highest', async () => {
    // Class 0: ten points near the origin and one far away; class 1: ten near (5,5) and one at the origin.
    const points: number[] = [];
    const labels: number[] = [];
    const add = (x: number, y: number, label: number) => {
      points.push(x, y);
      labels.push(label);
    };
    for (let i = 0; i < 10; i++) add(0.01 * i, 0, 0);
    add(3, 3, 0);
    for (let i = 0; i < 10; i++) add(5, 5 + 0.01 * i, 1);
    add(0, 0, 1);
    const scores = await knnDistanceScores(Float32Array.from(points), 2, Uint8Array.from(labels), 2);
    const top = (from: number, to: number) => from + scores.slice(from, to).indexOf(Math.max(...scores.slice(from, to)));
    expect(top(0, 11)).toBe(10);
    expect(top(11, 22)).toBe(21);
    // Point 10 at (3,3): its two nearest class-0 neighbours are (0.09,0) and (0.08,0).
    expect(scores[10]).toBeCloseTo((Math.hypot(2.91, 3) + Math.hypot(2.92, 3)) / 2, 4);
  });

  it('rejects codes that do not match the labels', async () => {
    await expect(knnDistanceScores(new Float32Array(5), 2, new Uint8Array(3), 2)).rejects.toThrow(/3 rows of 2 values \(got 5 values\)/);
    await expect(knnDistanceScores(new Float32Array(6), 2, new Uint8Array(3), 0)).rejects.toThrow(/k must be a positive integer/);
  });
});

describe('averagePool', () => {
  it('averages each patch per channel', () => {
    const set: ImageSet = {
      images: Float32Array.from({ length: 16 * 2 }, (_, i) => i),
      labels: new Uint8Array(1),
      count: 1,
      dim: 32,
      height: 4,
      width: 4,
      channels: 2,
    };
    const pooled = averagePool(set, 2);
    expect(pooled).toMatchObject({ height: 2, width: 2, dim: 8 });
    // Top-left patch: pixels 0,1,4,5 -> channel 0 values 0,2,8,10.
    expect(pooled.images[0]).toBeCloseTo(5, 6);
    expect(pooled.images[1]).toBeCloseTo(6, 6);
    expect(pooled.images[7]).toBeCloseTo(((10 + 11 + 14 + 15) * 2 + 4) / 4, 6);
  });
});

describe('biased classifiers', () => {
  it('a pixel-bag GCE classifier ranks the conflicting samples of each class first, the same way for the same seed', async () => {
    const options = {
      architecture: 'pixel-bag',
      poolFactor: 4,
      hidden: 16,
      learningRate: 0.01,
      epochs: 3,
      batchSize: 64,
      q: 0.7,
      snapshots: 1,
      seed: 1,
    } as const;
    const scores = await biasedClassifierScores(detectorInputOf(data.train), options);
    const result = scoreDetection(data.train, scores, 0.1);
    expect(result.auroc).toBeGreaterThan(0.97);
    expect(result.recall).toBeGreaterThan(0.8);
    const again = await biasedClassifierScores(detectorInputOf(data.train), { ...options, maxSteps: 10 });
    const repeat = await biasedClassifierScores(detectorInputOf(data.train), { ...options, maxSteps: 10 });
    expect(Array.from(repeat)).toEqual(Array.from(again));
  });

  it('an MLP trained with plain cross-entropy learns the synthetic digits by shape', async () => {
    const train = averagePool(data.train.images, 2);
    const test = averagePool(data.test.images, 2);
    const model = createMlp(train.dim, 32, 1);
    try {
      await trainClassifier({ inputs: train.images, labels: train.labels, count: train.count, dim: train.dim }, model, {
        epochs: 3,
        batchSize: 64,
        learningRate: 0.003,
        loss: 'cross-entropy',
        seed: 1,
      });
      const p = await classProbabilities(model, test.images, test.count);
      let correct = 0;
      for (let i = 0; i < test.count; i++) {
        const row = Array.from(p.subarray(i * 10, i * 10 + 10));
        if (row.indexOf(Math.max(...row)) === test.labels[i]) correct++;
      }
      expect(correct / test.count).toBeGreaterThan(0.9);
    } finally {
      disposeClassifier(model);
    }
  });

  it('upweights the flagged samples by the factor, keeping the mean weight 1', () => {
    const weights = upweightedSampleWeights(10, [2, 7], 9);
    expect(weights.reduce((a, b) => a + b, 0) / 10).toBeCloseTo(1, 6);
    expect(weights[2] / weights[0]).toBeCloseTo(9, 5);
    expect(() => upweightedSampleWeights(10, [], 0.5)).toThrow(/upweight must be at least 1 \(got 0.5\)/);
  });
});
