import * as tf from '@tensorflow/tfjs';
import { readFloats } from '../read-back.ts';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface PcaModel {
  dim: number;
  /** Number of components k. */
  k: number;
  mean: Float32Array;
  /** `k * dim`, row-major: one unit-length principal direction per row, largest variance first. */
  components: Float32Array;
  /** Variance of the training data along each component. */
  variances: Float32Array;
}

/** Rows per matrix product, so memory stays bounded whatever the number of images. */
const CHUNK_ROWS = 4096;

function checkShape(what: string, data: Float32Array, count: number, dim: number): void {
  if (!Number.isInteger(count) || count < 0 || data.length < count * dim) {
    throw new RangeError(`${what} needs ${count} rows of ${dim} values (got ${data.length} values)`);
  }
}

function columnMeans(images: Float32Array, count: number, dim: number): Float32Array {
  const sums = new Float64Array(dim);
  for (let row = 0; row < count; row++) {
    const offset = row * dim;
    for (let j = 0; j < dim; j++) sums[j] += images[offset + j];
  }
  return Float32Array.from(sums, (s) => s / count);
}

/** X^T X of the mean-centred rows, accumulated chunk by chunk in float64. */
async function centredScatter(images: Float32Array, count: number, dim: number, mean: Float32Array, onRows?: (rows: number) => void): Promise<Float64Array> {
  const scatter = new Float64Array(dim * dim);
  const meanTensor = tf.tensor2d(mean, [1, dim]);
  try {
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - start);
      const product = tf.tidy(() => {
        const centred = tf.sub(tf.tensor2d(images.subarray(start * dim, (start + rows) * dim), [rows, dim]), meanTensor);
        return tf.matMul(tf.transpose(centred), centred);
      });
      const values = await readFloats(product).finally(() => product.dispose());
      for (let i = 0; i < values.length; i++) scatter[i] += values[i];
      onRows?.(start + rows);
    }
  } finally {
    meanTensor.dispose();
  }
  return scatter;
}

/** Features with any spread; constant ones (MNIST's border pixels) only slow the eigendecomposition down. */
function varyingFeatures(scatter: Float64Array, dim: number, components: number): number[] {
  const varying: number[] = [];
  for (let j = 0; j < dim; j++) if (scatter[j * dim + j] > 0) varying.push(j);
  return varying.length >= components ? varying : Array.from({ length: dim }, (_, j) => j);
}

/** The leading eigenvectors (rows, in the full `dim` space) and eigenvalues of scatter / divisor. */
function leadingEigenvectors(scatter: Float64Array, dim: number, components: number, divisor: number) {
  const kept = varyingFeatures(scatter, dim, components);
  const size = kept.length;
  const reduced = new Matrix(size, size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) reduced.set(a, b, scatter[kept[a] * dim + kept[b]] / divisor);
  }
  const decomposition = new EigenvalueDecomposition(reduced, { assumeSymmetric: true });
  const vectors = decomposition.eigenvectorMatrix;
  const order = decomposition.realEigenvalues
    .map((value, index) => ({ value, index }))
    .sort((a, b) => b.value - a.value || a.index - b.index);
  const directions = new Float32Array(components * dim);
  const variances = new Float32Array(components);
  for (let c = 0; c < components; c++) {
    const column = order[c].index;
    variances[c] = Math.max(0, order[c].value);
    // Eigenvectors have no intrinsic sign: make the largest-magnitude entry positive so fits are comparable.
    let largest = 0;
    for (let a = 0; a < size; a++) {
      const v = vectors.get(a, column);
      if (Math.abs(v) > Math.abs(largest)) largest = v;
    }
    const sign = largest < 0 ? -1 : 1;
    for (let a = 0; a < size; a++) directions[c * dim + kept[a]] = sign * vectors.get(a, column);
  }
  return { directions, variances };
}

/** Fits `components` principal directions to `count` rows of `dim` values; `onRows` hears the rows of the scatter matrix done so far. */
export async function fitPca(images: Float32Array, count: number, dim: number, components: number, onRows?: (rows: number) => void): Promise<PcaModel> {
  checkShape('fitPca', images, count, dim);
  if (count < 1) throw new RangeError('fitPca needs at least one image');
  if (!Number.isInteger(components) || components < 1 || components > dim) {
    throw new RangeError(`PCA components must be an integer from 1 to ${dim} (got ${components})`);
  }
  const mean = columnMeans(images, count, dim);
  const scatter = await centredScatter(images, count, dim, mean, onRows);
  const { directions, variances } = leadingEigenvectors(scatter, dim, components, Math.max(1, count - 1));
  return { dim, k: components, mean, components: directions, variances };
}

/** Codes of `count` rows: (x - mean) projected on each component, `count * k` values. */
export async function pcaEncode(model: PcaModel, images: Float32Array, count: number): Promise<Float32Array> {
  checkShape('pcaEncode', images, count, model.dim);
  const codes = new Float32Array(count * model.k);
  const projection = tf.tidy(() => tf.transpose(tf.tensor2d(model.components, [model.k, model.dim])));
  const meanTensor = tf.tensor2d(model.mean, [1, model.dim]);
  try {
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - start);
      const chunk = tf.tidy(() =>
        tf.matMul(tf.sub(tf.tensor2d(images.subarray(start * model.dim, (start + rows) * model.dim), [rows, model.dim]), meanTensor), projection),
      );
      codes.set(await readFloats(chunk).finally(() => chunk.dispose()), start * model.k);
    }
  } finally {
    projection.dispose();
    meanTensor.dispose();
  }
  return codes;
}

/** Images rebuilt from `count` codes: mean + codes @ components, `count * dim` values. */
export async function pcaReconstruct(model: PcaModel, codes: Float32Array, count: number): Promise<Float32Array> {
  checkShape('pcaReconstruct', codes, count, model.k);
  const images = new Float32Array(count * model.dim);
  const basis = tf.tensor2d(model.components, [model.k, model.dim]);
  const meanTensor = tf.tensor2d(model.mean, [1, model.dim]);
  try {
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - start);
      const chunk = tf.tidy(() =>
        tf.add(tf.matMul(tf.tensor2d(codes.subarray(start * model.k, (start + rows) * model.k), [rows, model.k]), basis), meanTensor),
      );
      images.set(await readFloats(chunk).finally(() => chunk.dispose()), start * model.dim);
    }
  } finally {
    basis.dispose();
    meanTensor.dispose();
  }
  return images;
}
