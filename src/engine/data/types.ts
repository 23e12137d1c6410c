/** A set of images flattened row-major (channel-last for colour), pixels in [0,1]. */
export interface ImageSet {
  /** `count * dim` floats. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /** Pixels per image: height * width * channels. */
  dim: number;
  height: number;
  width: number;
  channels: number;
}

export interface Dataset {
  name: string;
  /** Where the files were read from, for the record. */
  source: string;
  train: ImageSet;
  test: ImageSet;
}

export function imageAt(set: ImageSet, index: number): Float32Array {
  return set.images.subarray(index * set.dim, (index + 1) * set.dim);
}

/** A new set holding the given rows, in that order. */
export function selectRows(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const images = new Float32Array(indices.length * set.dim);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    images.set(set.images.subarray(row * set.dim, (row + 1) * set.dim), i * set.dim);
    labels[i] = set.labels[row];
  }
  return { ...set, images, labels, count: indices.length };
}
