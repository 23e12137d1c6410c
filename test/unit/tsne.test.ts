import { describe, expect, it } from 'vitest';
import { affinitiesFromNeighbors, conditionalAffinities, sparseAffinities } from '../../src/engine/embedding/affinities.ts';
import { gaussianClusters } from '../../src/engine/embedding/gaussian-clusters.ts';
import { initialEmbedding } from '../../src/engine/embedding/initial-embedding.ts';
import { klDivergence } from '../../src/engine/embedding/kl-divergence.ts';
import { knnAccuracy } from '../../src/engine/embedding/knn-accuracy.ts';
import { exactNearestNeighbors } from '../../src/engine/embedding/nearest-neighbors.ts';
import { QuadTree } from '../../src/engine/embedding/quadtree.ts';
import { tsneGradient } from '../../src/engine/embedding/tsne-gradient.ts';
import { runTsne, type TsneOptions } from '../../src/engine/embedding/tsne.ts';
import { trustworthiness } from '../../src/engine/embedding/trustworthiness.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { densePForTsneJs, runTsneJs, tsneJsKlAndGradient } from './tsne-js-reference.ts';

const clusters = gaussianClusters(200, 20, 5, 3, 4);
const options: TsneOptions = { perplexity: 20, iterations: 300, learningRate: 100, seed: 42, init: 'pca' };

function relativeError(actual: Float64Array, expected: Float64Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

describe('runTsne', () => {
  it('gives the same map and KL for the same seed, and another map for another seed', async () => {
    const random = { ...options, init: 'random' as const };
    const first = await runTsne(clusters.data, clusters.count, clusters.dim, random);
    const again = await runTsne(clusters.data, clusters.count, clusters.dim, random);
    const other = await runTsne(clusters.data, clusters.count, clusters.dim, { ...random, seed: 43 });
    expect(Array.from(again.points)).toEqual(Array.from(first.points));
    expect(again.kl).toBe(first.kl);
    const moved = first.points.reduce((most, x, t) => Math.max(most, Math.abs(x - other.points[t])), 0);
    expect(moved).toBeGreaterThan(0.1);
  });

  it('maps well-separated clusters faithfully and reports a falling KL', async () => {
    const progress: [number, number][] = [];
    const result = await runTsne(clusters.data, clusters.count, clusters.dim, options, {
      onProgress: (iteration, kl) => progress.push([iteration, kl]),
    });
    expect(progress.map(([iteration]) => iteration)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(trustworthiness(clusters.data, clusters.dim, result.points, 2, clusters.count)).toBeGreaterThan(0.95);
    expect(knnAccuracy(result.points, 2, clusters.labels, clusters.count)).toBeGreaterThanOrEqual(0.99);
    expect(result.kl).toBeLessThan(progress[0][1]);
    expect(result.kl).toBeCloseTo(progress[progress.length - 1][1], 1);
  });

  it('rejects with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const run = runTsne(clusters.data, clusters.count, clusters.dim, { ...options, iterations: 5000, progressEvery: 10 }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the field and the allowed range on bad input', async () => {
    const { data, count, dim } = clusters;
    await expect(runTsne(data, count, dim, { ...options, perplexity: 250 })).rejects.toThrow(/tsne\.perplexity .*less than the number of points - 1 \(199\)/);
    await expect(runTsne(data, count, dim, { ...options, theta: 2 })).rejects.toThrow(/tsne\.theta must be a number in \[0, 1\]/);
    await expect(runTsne(data, count, dim, { ...options, iterations: 2.5 })).rejects.toThrow(/tsne\.iterations must be an integer/);
    await expect(runTsne(data.subarray(1), count, dim, options)).rejects.toThrow(/expected count\*dim = 200\*20 = 4000 values, got 3999/);
  });
});

describe('t-SNE pieces', () => {
  it('calibrates each conditional distribution to the perplexity, then symmetrises P to sum 1', () => {
    const neighbors = exactNearestNeighbors(clusters.data, clusters.count, clusters.dim, 60);
    const conditional = conditionalAffinities(neighbors, clusters.count, 20);
    for (let i = 0; i < clusters.count; i++) {
      const row = conditional.subarray(i * 60, (i + 1) * 60);
      const entropy = -row.reduce((sum, p) => sum + (p > 0 ? p * Math.log(p) : 0), 0);
      expect(Math.exp(entropy)).toBeCloseTo(20, 3);
    }
    const P = affinitiesFromNeighbors(neighbors, clusters.count, 20);
    let total = 0;
    for (let e = 0; e < P.values.length; e++) total += P.values[e];
    expect(total).toBeCloseTo(1, 10);
    for (let i = 0; i < clusters.count; i++) {
      for (let e = P.rowStart[i]; e < P.rowStart[i + 1]; e++) {
        const j = P.columns[e];
        const back = P.columns.subarray(P.rowStart[j], P.rowStart[j + 1]).indexOf(i) + P.rowStart[j];
        expect(P.values[back]).toBe(P.values[e]);
      }
    }
  });

  it('starts from the principal axes, scaled to a first-coordinate std of 1e-4', () => {
    const random = new SeededRandom(5);
    const count = 100;
    const data = new Float32Array(count * 3);
    for (let i = 0; i < count; i++) {
      const t = random.normal();
      data.set([t * 10, t * 5 + random.normal() * 0.1, random.normal() * 0.1], i * 3);
    }
    const start = initialEmbedding(data, count, 3, 'pca', 1);
    const first = Array.from({ length: count }, (_, i) => start[2 * i]);
    const mean = first.reduce((a, b) => a + b, 0) / count;
    const std = Math.sqrt(first.reduce((a, b) => a + (b - mean) ** 2, 0) / count);
    expect(std).toBeCloseTo(1e-4, 10);
    let correlation = 0;
    for (let i = 0; i < count; i++) correlation += (first[i] - mean) * data[i * 3];
    const dataNorm = Math.sqrt(Array.from({ length: count }, (_, i) => data[i * 3] ** 2).reduce((a, b) => a + b, 0));
    expect(Math.abs(correlation) / (std * Math.sqrt(count) * dataNorm)).toBeGreaterThan(0.99);
  });
});

describe('against the tsne-js reference', () => {
  const small = gaussianClusters(60, 10, 4, 7, 3);
  const perplexity = 10;
  const denseP = affinitiesFromNeighbors(exactNearestNeighbors(small.data, small.count, small.dim, small.count - 1), small.count, perplexity);
  const referenceP = densePForTsneJs(denseP);

  it('computes the same KL divergence and gradient as tsne-js on the same map', () => {
    const random = new SeededRandom(9);
    const points = Float64Array.from({ length: 2 * small.count }, () => random.normal() * 3);
    const reference = tsneJsKlAndGradient(points, referenceP);
    const tree = new QuadTree();
    const buffers = () => [new Float64Array(points.length), new Float64Array(points.length), new Int32Array(small.count)] as const;
    const [rep, exact, order] = buffers();
    tsneGradient(denseP, points, tree, 0, 1, rep, exact, order);
    const [rep2, approximate, order2] = buffers();
    tsneGradient(denseP, points, tree, 0.5, 1, rep2, approximate, order2);
    expect(klDivergence(denseP, points)).toBeCloseTo(reference.kl, 8);
    expect(relativeError(exact, reference.gradient)).toBeLessThan(1e-9);
    expect(relativeError(approximate, reference.gradient)).toBeLessThan(0.02);
  });

  it('reaches a KL no worse than tsne-js (within 2%) and the same trustworthiness (within 2%) from the same start', async () => {
    const seed = 11;
    const learningRate = 50;
    const start = initialEmbedding(small.data, small.count, small.dim, 'pca', seed);
    const referencePoints = Float32Array.from(runTsneJs(start, referenceP, learningRate, 1000));
    const ours = await runTsne(small.data, small.count, small.dim, {
      perplexity, iterations: 1000, learningRate, seed, init: 'pca', exaggerationIterations: 100,
    });
    const referenceKl = klDivergence(denseP, referencePoints);
    const ourKl = klDivergence(denseP, ours.points);
    expect(ourKl).toBeLessThan(referenceKl * 1.02);
    expect(ourKl).toBeGreaterThan(referenceKl * 0.8);
    const referenceTrust = trustworthiness(small.data, small.dim, referencePoints, 2, small.count, 5);
    const ourTrust = trustworthiness(small.data, small.dim, ours.points, 2, small.count, 5);
    expect(Math.abs(ourTrust - referenceTrust) / referenceTrust).toBeLessThan(0.02);
    expect(sparseAffinities(small.data, small.count, small.dim, perplexity).values.length).toBeLessThan(denseP.values.length);
  });
});
