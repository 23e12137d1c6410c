import { UMAP } from 'umap-js';
import { throwIfAborted, yieldToEventLoop } from './abort.ts';
import { checkMatrix, checkRange } from './check-input.ts';
import { SeededRandom } from '../random.ts';

export interface UmapOptions {
  seed: number;
  /** Size of the local neighbourhood (umap-js default 15). */
  nNeighbors: number;
  /** umap-js default 0.1. */
  minDist?: number;
  /** Optimisation epochs; umap-js picks 200–500 by data size when omitted. */
  epochs?: number;
}

export interface UmapHooks {
  onProgress?(epoch: number, epochs: number): void;
  signal?: AbortSignal;
}

const EPOCHS_BETWEEN_YIELDS = 10;

/** A 2-D UMAP map (umap-js) driven by a seeded random stream, so a seed gives one map. */
export async function runUmap(
  data: Float32Array,
  count: number,
  dim: number,
  options: UmapOptions,
  hooks: UmapHooks = {},
): Promise<{ points: Float32Array }> {
  checkMatrix(data, count, dim, 'umap data');
  checkRange('umap.seed', options.seed, 0, 2 ** 32 - 1, true);
  checkRange('umap.nNeighbors', options.nNeighbors, 2, Math.max(2, count - 1), true);
  if (options.minDist !== undefined) checkRange('umap.minDist', options.minDist, 0, 10);
  if (options.epochs !== undefined) checkRange('umap.epochs', options.epochs, 1, 10_000, true);
  const random = new SeededRandom(options.seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: options.nNeighbors,
    minDist: options.minDist ?? 0.1,
    nEpochs: options.epochs,
    random: () => random.next(),
  });
  const rows = Array.from({ length: count }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
  const epochs = umap.initializeFit(rows);
  for (let epoch = 0; epoch < epochs; ) {
    if (epoch % EPOCHS_BETWEEN_YIELDS === 0) {
      await yieldToEventLoop();
      throwIfAborted(hooks.signal);
    }
    epoch = umap.step();
    hooks.onProgress?.(epoch, epochs);
  }
  const embedding = umap.getEmbedding();
  const points = new Float32Array(count * 2);
  embedding.forEach((row, i) => {
    points[2 * i] = row[0];
    points[2 * i + 1] = row[1];
  });
  return { points };
}
