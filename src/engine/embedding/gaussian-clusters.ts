import { SeededRandom } from '../random.ts';

export interface LabelledPoints {
  data: Float32Array;
  labels: Int32Array;
  count: number;
  dim: number;
}

/**
 * `count` points in `dim` dimensions drawn round `clusters` seeded centres (unit-variance
 * noise, centres `separation` apart per axis on average); point i belongs to cluster i % clusters.
 */
export function gaussianClusters(count: number, dim: number, clusters: number, seed: number, separation = 10): LabelledPoints {
  const random = new SeededRandom(seed);
  const centres = new Float64Array(clusters * dim);
  for (let t = 0; t < centres.length; t++) centres[t] = random.normal() * separation;
  const data = new Float32Array(count * dim);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % clusters;
    labels[i] = c;
    for (let d = 0; d < dim; d++) data[i * dim + d] = centres[c * dim + d] + random.normal();
  }
  return { data, labels, count, dim };
}
