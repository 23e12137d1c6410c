import { gaussianClusters } from './gaussian-clusters.ts';
import { stratifiedSample } from './sample.ts';
import { runTsne } from './tsne.ts';
import { trustworthiness } from './trustworthiness.ts';

export interface TsneBenchResult {
  /** Wall time of runTsne alone (affinities, initialisation and 1,000 iterations). */
  tsneSeconds: number;
  /** CPU time of the same span: close to the wall time on an idle machine, steadier on a busy one. */
  tsneCpuSeconds: number;
  points: number;
  dims: number;
  iterations: number;
  /** `mnist-pca30`: 200 test images per digit reduced to 30-d by PCA; else seeded Gaussian clusters. */
  source: 'mnist-pca30' | 'gaussian-clusters';
  kl: number;
  trustworthiness: number;
}

const POINTS = 2000;
const DIMS = 30;
const ITERATIONS = 1000;

/** t-SNE speed on the reference workload: 2,000 points x 30 dims, 1,000 iterations. */
export async function benchTsne(): Promise<TsneBenchResult> {
  const input = (await mnistCodes().catch(() => null)) ?? {
    data: gaussianClusters(POINTS, DIMS, 10, 1, 3).data,
    source: 'gaussian-clusters' as const,
  };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await runTsne(input.data, POINTS, DIMS, { perplexity: 30, iterations: ITERATIONS, learningRate: 200, seed: 1, init: 'pca' });
  const cpu = process.cpuUsage(cpuStarted);
  const tsneSeconds = (performance.now() - started) / 1000;
  return {
    tsneSeconds,
    tsneCpuSeconds: (cpu.user + cpu.system) / 1e6,
    points: POINTS,
    dims: DIMS,
    iterations: ITERATIONS,
    source: input.source,
    kl: result.kl,
    trustworthiness: trustworthiness(input.data, DIMS, result.points, 2, POINTS),
  };
}

/** 200 MNIST test images per digit as 30-d PCA codes, like the codes a map is drawn of. */
async function mnistCodes(): Promise<{ data: Float32Array; source: 'mnist-pca30' }> {
  const { loadMnist } = await import('../data/mnist.ts');
  const { selectRows } = await import('../data/types.ts');
  const { fitPca, pcaEncode } = await import('../eval/pca.ts');
  const { test } = await loadMnist();
  const images = selectRows(test, stratifiedSample(test.labels, POINTS, 1));
  const model = await fitPca(images.images, POINTS, images.dim, DIMS);
  return { data: await pcaEncode(model, images.images, POINTS), source: 'mnist-pca30' };
}
