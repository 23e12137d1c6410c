import type { EmbeddingMap } from '../../shared/results.ts';
import { RunCancelledError } from '../run-types.ts';
import { knnAccuracy } from '../embedding/knn-accuracy.ts';
import { stratifiedSample } from '../embedding/sample.ts';
import { trustworthiness } from '../embedding/trustworthiness.ts';
import { runTsne } from '../embedding/tsne.ts';
import { runTsneInWorker } from '../embedding/tsne-in-worker.ts';
import { runUmap } from '../embedding/umap.ts';
import { availableParallelism } from 'node:os';
import type { StageContext } from './stage-context.ts';

/** One representation of the test images to be mapped: raw pixels, PCA codes or an arm's codes. */
export interface Representation {
  name: string;
  /** Rows for every test image, `dim` values each. */
  values: Float32Array;
  dim: number;
}

function pick(values: Float32Array, dim: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * dim);
  indices.forEach((row, i) => out.set(values.subarray(row * dim, (row + 1) * dim), i * dim));
  return out;
}

/** The sampled test images' pixels, the space every map's trustworthiness is measured against. */
interface PixelSample {
  values: Float32Array;
  dim: number;
}

/**
 * A map with its quality: trustworthiness against the pixels (one yardstick for every map) and,
 * where the map was made from codes, against those codes too, under a name that says so.
 */
function mapFromPoints(name: string, method: EmbeddingMap['method'], pixels: PixelSample, own: PixelSample | undefined, points: Float32Array, labels: number[], indices: Int32Array, kl?: number): EmbeddingMap {
  const count = indices.length;
  const k = Math.min(10, Math.max(1, Math.floor(count / 2) - 1));
  const pairs: [number, number][] = Array.from({ length: count }, (_, i) => [points[2 * i], points[2 * i + 1]]);
  return {
    representation: name,
    method,
    points: pairs,
    labels,
    indices: Array.from(indices),
    kl,
    trustworthiness: trustworthiness(pixels.values, pixels.dim, points, 2, count, k),
    ...(own ? { trustworthinessOwnSpace: trustworthiness(own.values, own.dim, points, 2, count, k) } : {}),
    knnAccuracy: knnAccuracy(points, 2, labels, count),
  };
}

/**
 * t-SNE maps of the same stratified, seeded sample of test images for every representation,
 * with trustworthiness against the pixels (and against the codes mapped) and 1-NN accuracy; 2-d representations (codes-2d) are mapped as they are.
 * Maps run side by side on worker threads, one per core.
 */
export async function embeddingMaps(ctx: StageContext, representations: Representation[]): Promise<EmbeddingMap[]> {
  const settings = ctx.config.evaluation.tsne;
  if (settings.points === 0) return [];
  const test = ctx.data.test;
  const indices = stratifiedSample(test.labels, settings.points, ctx.config.seed);
  const labels = Array.from(indices, (i) => test.labels[i]);
  const pixels: PixelSample = { values: pick(test.images, test.dim, indices), dim: test.dim };
  // The map's own input space, where it is not the pixels themselves (raw) or the map itself (a 2-d code).
  const ownSpace = (rep: Representation, high: Float32Array): PixelSample | undefined =>
    rep.dim === 2 || (rep.dim === test.dim && rep.values === test.images) ? undefined : { values: high, dim: rep.dim };
  const jobs: { rep: Representation; method: 'tsne' | 'umap' }[] = representations.map((rep) => ({ rep, method: 'tsne' }));
  if (ctx.config.evaluation.umap) for (const rep of representations) if (rep.dim !== 2) jobs.push({ rep, method: 'umap' });
  const threads = Math.max(1, Math.min(availableParallelism(), jobs.length));
  const umapOne = async (rep: Representation): Promise<EmbeddingMap> => {
    const high = pick(rep.values, rep.dim, indices);
    const phase = `umap:${rep.name}`;
    ctx.emit({ type: 'phase-start', phase, epochs: 1, samplesPerEpoch: indices.length });
    const started = performance.now();
    const { points } = await runUmap(high, indices.length, rep.dim, { seed: ctx.config.seed, nNeighbors: Math.min(15, indices.length - 1) }, { signal: ctx.signal }).catch((error: unknown) => {
      throw (error as Error).name === 'AbortError' ? new RunCancelledError() : error;
    });
    ctx.emit({ type: 'phase-end', phase, seconds: (performance.now() - started) / 1000 });
    return mapFromPoints(rep.name, 'umap', pixels, ownSpace(rep, high), points, labels, indices);
  };
  const mapOne = async (rep: Representation): Promise<EmbeddingMap> => {
    const high = pick(rep.values, rep.dim, indices);
    // A 2-d code is its own map; like every map, it is judged against the pixels it came from.
    if (rep.dim === 2) return mapFromPoints(rep.name, 'code', pixels, undefined, high, labels, indices);
    const phase = `tsne:${rep.name}`;
    ctx.emit({ type: 'phase-start', phase, epochs: settings.iterations, samplesPerEpoch: indices.length });
    const started = performance.now();
    const options = { perplexity: Math.min(settings.perplexity, (indices.length - 1) / 3), iterations: settings.iterations, learningRate: settings.learningRate, seed: ctx.config.seed, init: settings.init };
    const hooks = { signal: ctx.signal, onProgress: (iteration: number, kl: number) => ctx.emit({ type: 'epoch', phase, epoch: iteration, metrics: { kl } }) };
    const result = await (threads > 1 ? runTsneInWorker(high, indices.length, rep.dim, options, hooks) : runTsne(high, indices.length, rep.dim, options, hooks)).catch((error: unknown) => {
      throw (error as Error).name === 'AbortError' ? new RunCancelledError() : error;
    });
    ctx.emit({ type: 'phase-end', phase, seconds: (performance.now() - started) / 1000 });
    return mapFromPoints(rep.name, 'tsne', pixels, ownSpace(rep, high), result.points, labels, indices, result.kl);
  };
  const maps: EmbeddingMap[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      maps[index] = job.method === 'umap' ? await umapOne(job.rep) : await mapOne(job.rep);
      ctx.emit({ type: 'artifact', kind: 'embedding', map: maps[index] });
    }
  };
  await Promise.all(Array.from({ length: threads }, lane));
  return maps;
}
