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

/** The path of `baseName` in `folder`, raw or with `.gz`. */
async function findIdxFile(folder: string, baseName: string): Promise<string> {
  for (const candidate of [baseName, `${baseName}.gz`]) {
    const path = join(folder, candidate);
    if (await isFile(path)) return path;
  }
  throw new DatasetError(`IDX folder ${folder} has no ${baseName} (nor ${baseName}.gz)`);
}

/**
 * Reads a folder holding the four MNIST-style IDX files (each optionally gzipped).
 * `missingHint` is appended to the error when the folder itself does not exist.
 */
export async function readIdxFolder(folder: string, missingHint = ''): Promise<{ train: ImageSet; test: ImageSet }> {
  if (!(await isDirectory(folder))) {
    throw new DatasetError(`dataset folder ${folder} does not exist${missingHint ? `; ${missingHint}` : ''}`);
  }
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    findIdxFile(folder, IDX_FILE_NAMES.trainImages),
    findIdxFile(folder, IDX_FILE_NAMES.trainLabels),
    findIdxFile(folder, IDX_FILE_NAMES.testImages),
    findIdxFile(folder, IDX_FILE_NAMES.testLabels),
  ]);
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
