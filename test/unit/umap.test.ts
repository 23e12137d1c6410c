import { describe, expect, it } from 'vitest';
import { gaussianClusters } from '../../src/engine/embedding/gaussian-clusters.ts';
import { knnAccuracy } from '../../src/engine/embedding/knn-accuracy.ts';
import { trustworthiness } from '../../src/engine/embedding/trustworthiness.ts';
import { runUmap } from '../../src/engine/embedding/umap.ts';

const clusters = gaussianClusters(150, 20, 5, 2, 4);

describe('runUmap', () => {
  it('gives the same map for the same seed and keeps clusters apart', async () => {
    const first = await runUmap(clusters.data, clusters.count, clusters.dim, { seed: 3, nNeighbors: 15, epochs: 100 });
    const again = await runUmap(clusters.data, clusters.count, clusters.dim, { seed: 3, nNeighbors: 15, epochs: 100 });
    expect(Array.from(again.points)).toEqual(Array.from(first.points));
    expect(knnAccuracy(first.points, 2, clusters.labels, clusters.count)).toBeGreaterThanOrEqual(0.98);
    expect(trustworthiness(clusters.data, clusters.dim, first.points, 2, clusters.count)).toBeGreaterThan(0.9);
  });

  it('names a bad neighbourhood size and its range', async () => {
    await expect(runUmap(clusters.data, clusters.count, clusters.dim, { seed: 3, nNeighbors: 500 })).rejects.toThrow(
      /umap\.nNeighbors must be an integer in \[2, 149\] \(got 500\)/,
    );
  });
});
