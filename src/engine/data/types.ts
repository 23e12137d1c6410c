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
  /** The file the images were read from, when they were, for error messages. */
  file?: string;
}

export interface Dataset {
  name: string;
  /** Where the files were read from, for the record. */
  source: string;
  train: ImageSet;
  test: ImageSet;
}

/** A zeroed Float32Array in a SharedArrayBuffer: worker threads receive it without a copy. */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** The set with its images in shared memory: itself when they already are, else a copy. */
export function inSharedMemory(set: ImageSet): ImageSet {
  if (set.images.buffer instanceof SharedArrayBuffer) return set;
  const images = sharedFloat32(set.images.length);
  images.set(set.images);
  return { ...set, images };
}

export function imageAt(set: ImageSet, index: number): Float32Array {
  return set.images.subarray(index * set.dim, (index + 1) * set.dim);
}

/**
 * A new set holding the given rows, in that order; with `shared`, its images are in a
 * SharedArrayBuffer, so worker threads receive them without a copy.
 */
export function selectRows(set: ImageSet, indices: ArrayLike<number>, shared = false): ImageSet {
  const length = indices.length * set.dim;
  const images = shared ? sharedFloat32(length) : new Float32Array(length);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    images.set(set.images.subarray(row * set.dim, (row + 1) * set.dim), i * set.dim);
    labels[i] = set.labels[row];
  }
  return { ...set, images, labels, count: indices.length };
}
