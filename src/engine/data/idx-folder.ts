import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError, readIdxImageSet } from './idx.ts';
import type { ImageSet } from './types.ts';

export const IDX_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The path of `baseName` in `folder`, raw or with `.gz`; undefined when it has neither. */
async function findIdxFile(folder: string, baseName: string): Promise<string | undefined> {
  for (const candidate of [baseName, `${baseName}.gz`]) {
    const path = join(folder, candidate);
    if (await isFile(path)) return path;
  }
  return undefined;
}

/**
 * Reads a folder holding the four MNIST-style IDX files (each optionally gzipped).
 * `missingHint` is appended to the error when the folder itself does not exist.
 */
export async function readIdxFolder(folder: string, missingHint = ''): Promise<{ train: ImageSet; test: ImageSet }> {
  if (!(await isDirectory(folder))) {
    throw new DatasetError(`dataset folder ${folder} does not exist${missingHint ? `; ${missingHint}` : ''}`);
  }
  const names = [IDX_FILE_NAMES.trainImages, IDX_FILE_NAMES.trainLabels, IDX_FILE_NAMES.testImages, IDX_FILE_NAMES.testLabels];
  const found = await Promise.all(names.map((name) => findIdxFile(folder, name)));
  const missing = names.filter((_, i) => found[i] === undefined);
  if (missing.length > 0) throw new DatasetError(`IDX folder ${folder} has no ${missing.map((name) => `${name} (nor ${name}.gz)`).join(', ')}`);
  const [trainImages, trainLabels, testImages, testLabels] = found as string[];
  const [train, test] = await Promise.all([
    readIdxImageSet(trainImages, trainLabels),
    readIdxImageSet(testImages, testLabels),
  ]);
  if (train.height !== test.height || train.width !== test.width) {
    throw new DatasetError(
      `IDX folder ${folder}: training images are ${train.height}x${train.width} but test images are ${test.height}x${test.width}`,
    );
  }
  return { train, test };
}
