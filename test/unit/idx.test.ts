import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readIdxFile, readIdxImageSet } from '../../src/engine/data/idx.ts';
import { readIdxFolder } from '../../src/engine/data/idx-folder.ts';
import { loadDataset } from '../../src/engine/data/load.ts';
import { FASHION_MNIST_DEFAULT_FOLDER } from '../../src/engine/data/mnist.ts';
import { fashionMnist, needs } from '../support/prerequisites.ts';

const hasFashionMnist = needs(fashionMnist(), import.meta.filename);

function idxBytes(typeByte: number, dims: number[], payload: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeByte;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

const imagesBytes = (count: number, h = 2, w = 3) =>
  idxBytes(0x08, [count, h, w], Array.from({ length: count * h * w }, (_, i) => (i * 17) % 256));
const labelsBytes = (labels: number[]) => idxBytes(0x08, [labels.length], labels);

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idx-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('IDX reader', () => {
  it('reads raw and gzipped files alike, pixels scaled to [0,1]', async () => {
    await writeFile(file('img'), imagesBytes(4));
    await writeFile(file('lab'), labelsBytes([3, 1, 4, 1]));
    await writeFile(file('img.gz'), gzipSync(imagesBytes(4)));
    await writeFile(file('lab.gz'), gzipSync(labelsBytes([3, 1, 4, 1])));
    const raw = await readIdxImageSet(file('img'), file('lab'));
    const gz = await readIdxImageSet(file('img.gz'), file('lab.gz'));
    expect(raw).toMatchObject({ count: 4, height: 2, width: 3, dim: 6, channels: 1 });
    expect(Array.from(raw.labels)).toEqual([3, 1, 4, 1]);
    expect(raw.images[1]).toBeCloseTo(17 / 255, 6);
    expect(raw.images[15]).toBeCloseTo(((15 * 17) % 256) / 255, 6);
    expect(Array.from(gz.images)).toEqual(Array.from(raw.images));
  });

  it('names the file and the expected magic number for a bad magic number', async () => {
    const bad = imagesBytes(2);
    bad[2] = 0x0d; // float type
    await writeFile(file('badmagic'), bad);
    await expect(readIdxFile(file('badmagic'), 3)).rejects.toThrow(/badmagic has a bad magic number 0x00000d03; expected 0x00000803/);
  });

  it('names the file for a wrong number of dimensions', async () => {
    await writeFile(file('twodims'), idxBytes(0x08, [2, 6], new Array(12).fill(0)));
    await expect(readIdxFile(file('twodims'), 3)).rejects.toThrow(/twodims has 2 dimensions .* expected 3/);
  });

  it('names the file and both sizes for a truncated file', async () => {
    await writeFile(file('short'), imagesBytes(4).subarray(0, 30));
    await expect(readIdxFile(file('short'), 3)).rejects.toThrow(/short is truncated: header says 4x2x3 \(40 bytes\) but the file has 30 bytes/);
    await writeFile(file('tiny'), Buffer.from([0, 0, 8, 3, 0]));
    await expect(readIdxFile(file('tiny'), 3)).rejects.toThrow(/tiny is truncated: 5 bytes, shorter than its 16-byte header/);
  });

  it('names both files when image and label counts differ', async () => {
    await writeFile(file('img5'), imagesBytes(5));
    await writeFile(file('lab3'), labelsBytes([1, 2, 3]));
    await expect(readIdxImageSet(file('img5'), file('lab3'))).rejects.toThrow(/img5 holds 5 images but .*lab3 holds 3 labels/);
  });

  it('names a missing file', async () => {
    await expect(readIdxFile(file('nothing-here'), 1)).rejects.toThrow(/nothing-here does not exist/);
  });
});

describe('IDX folders', () => {
  it('reads a folder of mixed raw and gzipped files and subsets it by the config', async () => {
    const folder = join(dir, 'fashion-like');
    await mkdir(folder);
    const trainLabels = Array.from({ length: 20 }, (_, i) => i % 2);
    await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(imagesBytes(20)));
    await writeFile(join(folder, 'train-labels-idx1-ubyte'), labelsBytes(trainLabels));
    await writeFile(join(folder, 't10k-images-idx3-ubyte'), imagesBytes(6));
    await writeFile(join(folder, 't10k-labels-idx1-ubyte.gz'), gzipSync(labelsBytes([0, 1, 0, 1, 0, 1])));
    const full = await readIdxFolder(folder);
    expect(full.train.count).toBe(20);
    expect(full.test.count).toBe(6);
    const data = await loadDataset({ name: 'idx', path: folder, trainSize: 10, testSize: 6 }, 7);
    expect(data.train.count).toBe(10);
    expect(Array.from(data.train.labels).filter((l) => l === 1)).toHaveLength(5);
    expect(Array.from(data.test.labels)).toEqual([0, 1, 0, 1, 0, 1]);
    await expect(loadDataset({ name: 'idx', path: folder, trainSize: 21, testSize: 6 }, 7)).rejects.toThrow(
      /dataset.trainSize must be an integer from 1 to 20/,
    );
  });

  it('names the missing file or folder, and the package that provides Fashion-MNIST', async () => {
    const folder = join(dir, 'incomplete');
    await mkdir(folder);
    // Every missing file, in a fixed order (the four are looked for at once).
    await expect(readIdxFolder(folder)).rejects.toThrow(
      /incomplete has no train-images-idx3-ubyte \(nor train-images-idx3-ubyte.gz\), train-labels-idx1-ubyte \(nor train-labels-idx1-ubyte.gz\), t10k-images-idx3-ubyte \(nor t10k-images-idx3-ubyte.gz\), t10k-labels-idx1-ubyte \(nor t10k-labels-idx1-ubyte.gz\)$/,
    );
    await writeFile(join(folder, 't10k-images-idx3-ubyte.gz'), '');
    await expect(readIdxFolder(folder)).rejects.toThrow(/incomplete has no train-images-idx3-ubyte \(nor train-images-idx3-ubyte.gz\), train-labels-idx1-ubyte \(nor train-labels-idx1-ubyte.gz\), t10k-labels-idx1-ubyte/);
    const missing = join(dir, 'no-such-folder');
    await expect(loadDataset({ name: 'fashion-mnist', path: missing, trainSize: 1, testSize: 1 }, 1)).rejects.toThrow(
      /no-such-folder does not exist; install Debian's "dataset-fashion-mnist" package/,
    );
    await expect(loadDataset({ name: 'idx', trainSize: 1, testSize: 1 }, 1)).rejects.toThrow(/dataset.path is required/);
    await expect(loadDataset({ name: 'idx', path: missing, trainSize: 1, testSize: 1 }, 1)).rejects.toThrow(
      /no-such-folder does not exist; dataset.path must name a folder holding train-images-idx3-ubyte/,
    );
  });

  it.skipIf(!hasFashionMnist)('reads Fashion-MNIST from the Debian package folder by default', async () => {
    const data = await loadDataset({ name: 'fashion-mnist', trainSize: 600, testSize: 10_000 }, 1);
    expect(data.source).toBe(FASHION_MNIST_DEFAULT_FOLDER);
    expect(data.train).toMatchObject({ count: 600, dim: 784, height: 28, width: 28 });
    // Fashion-MNIST's classes are balanced: 60 of each in a stratified 600.
    const counts = new Array(10).fill(0);
    data.train.labels.forEach((l) => counts[l]++);
    expect(counts).toEqual(new Array(10).fill(60));
    // The test file opens with an ankle boot (9) and a pullover (2).
    expect(Array.from(data.test.labels.subarray(0, 2))).toEqual([9, 2]);
  });
});
