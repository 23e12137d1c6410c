import { createRequire } from 'node:module';
import type { SparseAffinities } from '../../src/engine/embedding/affinities.ts';

/** Just enough of tsne-js (untyped CommonJS) and ndarray to drive them from tests. */
interface NdArray {
  data: Float64Array;
  shape: number[];
}
type NdArrayFactory = (data: Float64Array, shape: number[]) => NdArray;
interface TsneJs {
  outputEmbedding: NdArray;
  P: NdArray;
  alpha: number;
  _gradDesc(start: number, end: number, momentum: number, minGradNorm: number, minErrorDiff: number): [number, number];
}
type TsneJsConstructor = new (config: Record<string, unknown>) => TsneJs;
type KlWithGradient = (embedding: NdArray, P: NdArray, alpha: number) => [number, NdArray];

const require = createRequire(import.meta.url);
const ndarray = require('ndarray') as NdArrayFactory;
const TSNE = require('tsne-js') as TsneJsConstructor;
const referenceKl = require('tsne-js/dist/kl-divergence.js') as KlWithGradient;

/** P as the dense matrix tsne-js works on, floored at machine epsilon as tsne-js floors its own. */
export function densePForTsneJs(affinities: SparseAffinities): NdArray {
  const n = affinities.count;
  const dense = new Float64Array(n * n).fill(Number.EPSILON);
  for (let i = 0; i < n; i++) {
    for (let e = affinities.rowStart[i]; e < affinities.rowStart[i + 1]; e++) {
      dense[i * n + affinities.columns[e]] = Math.max(affinities.values[e], Number.EPSILON);
    }
  }
  return ndarray(dense, [n, n]);
}

/** tsne-js's exact KL and gradient of a 2-D map. */
export function tsneJsKlAndGradient(points: Float64Array, P: NdArray): { kl: number; gradient: Float64Array } {
  const [kl, gradient] = referenceKl(ndarray(Float64Array.from(points), [points.length / 2, 2]), P, 1);
  return { kl, gradient: gradient.data };
}

/**
 * tsne-js's own optimiser from a given start and P, on its own schedule: exaggeration for
 * 50 iterations at momentum 0.5 and 50 at 0.8, then plain descent up to `iterations`.
 * Its stopping tests are switched off so it runs the full length.
 */
export function runTsneJs(start: Float64Array, P: NdArray, learningRate: number, iterations: number, exaggeration = 12): Float64Array {
  const reference = new TSNE({ dim: 2, learningRate, nIter: iterations, earlyExaggeration: exaggeration });
  const n = start.length / 2;
  reference.outputEmbedding = ndarray(Float64Array.from(start), [n, 2]);
  reference.alpha = 1;
  reference.P = ndarray(P.data.map((p) => p * exaggeration), P.shape);
  let [, iteration] = reference._gradDesc(0, 50, 0.5, 0, 0);
  [, iteration] = reference._gradDesc(iteration + 1, 100, 0.8, 0, 0);
  reference.P = P;
  reference._gradDesc(iteration + 1, iterations, 0.8, 0, 0);
  return reference.outputEmbedding.data;
}
