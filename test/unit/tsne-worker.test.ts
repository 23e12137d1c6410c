import { describe, expect, it } from 'vitest';
import { gaussianClusters } from '../../src/engine/embedding/gaussian-clusters.ts';
import { runTsneInWorker } from '../../src/engine/embedding/tsne-in-worker.ts';
import { runTsne, type TsneOptions } from '../../src/engine/embedding/tsne.ts';

const clusters = gaussianClusters(150, 10, 3, 5, 4);
const options: TsneOptions = { perplexity: 15, iterations: 200, learningRate: 100, seed: 8, init: 'pca' };

describe('runTsneInWorker', () => {
  it('returns exactly the in-thread result and streams progress while the caller stays responsive', async () => {
    const progress: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const fromWorker = await runTsneInWorker(clusters.data, clusters.count, clusters.dim, options, {
      onProgress: (iteration) => progress.push(iteration),
    });
    clearInterval(timer);
    const inThread = await runTsne(clusters.data, clusters.count, clusters.dim, options);
    expect(Array.from(fromWorker.points)).toEqual(Array.from(inThread.points));
    expect(fromWorker.kl).toBe(inThread.kl);
    expect(progress).toEqual([50, 100, 150, 200]);
    expect(ticks).toBeGreaterThan(5);
  });

  it('terminates the worker and rejects with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const run = runTsneInWorker(clusters.data, clusters.count, clusters.dim, { ...options, iterations: 100_000, progressEvery: 10 }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('passes the engine error back with its message', async () => {
    const run = runTsneInWorker(clusters.data, clusters.count, clusters.dim, { ...options, perplexity: 500 });
    await expect(run).rejects.toThrow(/tsne\.perplexity must be greater than 0 and less than the number of points - 1 \(149\)/);
  });
});
