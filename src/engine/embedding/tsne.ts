import { throwIfAborted, yieldToEventLoop } from './abort.ts';
import { sparseAffinities } from './affinities.ts';
import { checkMatrix, checkRange } from './check-input.ts';
import { initialEmbedding } from './initial-embedding.ts';
import { exactNormalizer, klDivergenceWithZ } from './kl-divergence.ts';
import { QuadTree } from './quadtree.ts';
import { tsneGradient } from './tsne-gradient.ts';
import { TSNE_DEFAULTS, type TsneHooks, type TsneOptions, type TsneResult } from './tsne-types.ts';

export type { TsneHooks, TsneOptions, TsneResult } from './tsne-types.ts';

const ITERATIONS_BETWEEN_YIELDS = 10;

/**
 * Barnes-Hut t-SNE (van der Maaten 2014) to two dimensions: sparse P over 3·perplexity
 * neighbours, early exaggeration with momentum 0.5, then momentum 0.8, per-coordinate gains
 * as in bhtsne. The same data, options and seed always give the same map.
 */
export async function runTsne(
  data: Float32Array,
  count: number,
  dim: number,
  options: TsneOptions,
  hooks: TsneHooks = {},
): Promise<TsneResult> {
  const settings = resolveOptions(options, count);
  checkMatrix(data, count, dim, 'tsne data');
  const { signal, onProgress } = hooks;
  throwIfAborted(signal);

  const affinities = sparseAffinities(data, count, dim, options.perplexity);
  const points = initialEmbedding(data, count, dim, options.init, options.seed);
  const gradient = new Float64Array(2 * count);
  const repulsion = new Float64Array(2 * count);
  const update = new Float64Array(2 * count);
  const gains = new Float64Array(2 * count).fill(1);
  const tree = new QuadTree();
  const order = new Int32Array(count);

  for (let iteration = 0; iteration < settings.iterations; iteration++) {
    if (iteration % ITERATIONS_BETWEEN_YIELDS === 0) {
      await yieldToEventLoop();
      throwIfAborted(signal);
    }
    const early = iteration < settings.exaggerationIterations;
    const exaggeration = early ? settings.earlyExaggeration : 1;
    const momentum = early ? TSNE_DEFAULTS.initialMomentum : TSNE_DEFAULTS.finalMomentum;
    const z = tsneGradient(affinities, points, tree, settings.theta, exaggeration, repulsion, gradient, order);
    if (onProgress && (iteration + 1) % settings.progressEvery === 0) {
      onProgress(iteration + 1, klDivergenceWithZ(affinities, points, z));
    }
    step(points, gradient, update, gains, momentum, options.learningRate);
  }
  throwIfAborted(signal);
  const kl = klDivergenceWithZ(affinities, points, exactNormalizer(points, count));
  return { points: Float32Array.from(points), kl };
}

/** One gradient step with gains and momentum, then re-centring (as bhtsne). */
function step(points: Float64Array, gradient: Float64Array, update: Float64Array, gains: Float64Array, momentum: number, learningRate: number): void {
  for (let t = 0; t < points.length; t++) {
    const gain = update[t] * gradient[t] < 0 ? gains[t] + 0.2 : gains[t] * 0.8;
    gains[t] = gain < TSNE_DEFAULTS.minGain ? TSNE_DEFAULTS.minGain : gain;
    update[t] = momentum * update[t] - learningRate * gains[t] * gradient[t];
    points[t] += update[t];
  }
  const count = points.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < count; i++) {
    mx += points[2 * i];
    my += points[2 * i + 1];
  }
  mx /= count;
  my /= count;
  for (let i = 0; i < count; i++) {
    points[2 * i] -= mx;
    points[2 * i + 1] -= my;
  }
}

function resolveOptions(options: TsneOptions, count: number) {
  checkRange('tsne.iterations', options.iterations, 0, 100_000, true);
  checkRange('tsne.learningRate', options.learningRate, Number.MIN_VALUE, 100_000);
  checkRange('tsne.seed', options.seed, 0, 2 ** 32 - 1, true);
  if (!(options.perplexity > 0) || !(options.perplexity < count - 1)) {
    throw new Error(`tsne.perplexity must be greater than 0 and less than the number of points - 1 (${count - 1}); got ${options.perplexity}`);
  }
  if (options.init !== 'pca' && options.init !== 'random') throw new Error(`tsne.init must be 'pca' or 'random' (got ${String(options.init)})`);
  const theta = options.theta ?? TSNE_DEFAULTS.theta;
  checkRange('tsne.theta', theta, 0, 1);
  const earlyExaggeration = options.earlyExaggeration ?? TSNE_DEFAULTS.earlyExaggeration;
  checkRange('tsne.earlyExaggeration', earlyExaggeration, 1, 100);
  const exaggerationIterations =
    options.exaggerationIterations ?? Math.min(TSNE_DEFAULTS.maxExaggerationIterations, Math.floor(options.iterations / 4));
  checkRange('tsne.exaggerationIterations', exaggerationIterations, 0, options.iterations, true);
  const progressEvery = options.progressEvery ?? TSNE_DEFAULTS.progressEvery;
  checkRange('tsne.progressEvery', progressEvery, 1, 100_000, true);
  return { iterations: options.iterations, theta, earlyExaggeration, exaggerationIterations, progressEvery };
}
