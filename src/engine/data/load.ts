import type { ExperimentConfig } from '../../shared/config.ts';
import { SeededRandom } from '../random.ts';
import { DatasetError } from './idx.ts';
import { loadIdxFolderCached, loadFashionMnist, loadMnist, mnistFolder, FASHION_MNIST_DEFAULT_FOLDER } from './mnist.ts';
import { stratifiedSample } from './subset.ts';
import { selectRows, type Dataset, type ImageSet } from './types.ts';

const PATH_HINT = 'dataset.path must name a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)';

export type DatasetSpec = ExperimentConfig['dataset'];

export { loadMnist, DatasetError };

function checkSize(field: string, requested: number, available: number, source: string): void {
  if (!Number.isInteger(requested) || requested < 1 || requested > available) {
    throw new DatasetError(`${field} must be an integer from 1 to ${available} for ${source} (got ${requested})`);
  }
}

async function fullSets(spec: DatasetSpec): Promise<{ source: string; train: ImageSet; test: ImageSet }> {
  switch (spec.name) {
    case 'mnist': {
      const folder = spec.path ?? mnistFolder();
      return { source: folder, ...(await (spec.path ? loadIdxFolderCached(folder, PATH_HINT) : loadMnist())) };
    }
    case 'fashion-mnist': {
      const folder = spec.path ?? FASHION_MNIST_DEFAULT_FOLDER;
      return { source: folder, ...(await loadFashionMnist(folder)) };
    }
    case 'idx':
      if (!spec.path) throw new DatasetError('dataset.path is required when dataset.name is "idx" (a folder of IDX files)');
      return { source: spec.path, ...(await loadIdxFolderCached(spec.path, PATH_HINT)) };
    case 'colored-mnist':
      throw new DatasetError('dataset.name "colored-mnist" is built from MNIST by the ColoredMNIST module, not by loadDataset');
    default:
      throw new DatasetError(`dataset.name must be one of mnist, fashion-mnist, idx, colored-mnist (got "${String(spec.name)}")`);
  }
}

/**
 * The dataset the config names, cut to `trainSize`/`testSize`: each subset is stratified by
 * label and seeded; the training rows are then shuffled by the seed, the test rows stay in
 * their original order. The returned sets are fresh copies, in shared memory that worker threads
 * receive without copying.
 */
export async function loadDataset(spec: DatasetSpec, seed: number): Promise<Dataset> {
  const { source, train, test } = await fullSets(spec);
  checkSize('dataset.trainSize', spec.trainSize, train.count, source);
  checkSize('dataset.testSize', spec.testSize, test.count, source);
  const random = new SeededRandom(seed);
  const trainRandom = random.fork();
  const testRandom = random.fork();
  const trainRows = stratifiedSample(train.labels, spec.trainSize, trainRandom);
  trainRandom.shuffleInPlace(trainRows);
  const testRows = stratifiedSample(test.labels, spec.testSize, testRandom);
  return { name: spec.name, source, train: selectRows(train, trainRows, true), test: selectRows(test, testRows, true) };
}
