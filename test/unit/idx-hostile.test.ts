import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { readIdxFile, readIdxImageSet } from '../../src/engine/data/idx.ts';
import { IDX_FILE_NAMES } from '../../src/engine/data/idx-folder.ts';
import { loadExperimentData } from '../../src/engine/pipeline/data.ts';
import { clonePreset } from '../../src/shared/presets.ts';

function idxHeader(dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return header;
}
const idxBytes = (dims: number[], payload: number[]) => Buffer.concat([idxHeader(dims), Buffer.from(payload)]);
const images = (count: number, h: number, w: number) => idxBytes([count, h, w], Array.from({ length: count * h * w }, (_, i) => i % 256));
const labels = (values: number[]) => idxBytes([values.length], values);

/** A gzip of `header` followed by `zeroBytes` zeros, written as a stream (never held whole). */
async function gzipBomb(path: string, header: Buffer, zeroBytes: number): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const written = pipeline(gzip, createWriteStream(path));
  gzip.write(header);
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < zeroBytes / zeros.length; i++) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await written;
}

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idx-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('IDX data errors name the file and the field', () => {
  it('a label of 10 or more names the labels file, the value and its index', async () => {
    await writeFile(file('img'), images(4, 2, 3));
    await writeFile(file('lab'), labels([3, 9, 12, 4]));
    await expect(readIdxImageSet(file('img'), file('lab'))).rejects.toThrow(`IDX file ${file('lab')}: label 12 at index 2 is not a class from 0 to 9`);
    await writeFile(file('lab-ok'), labels([0, 9, 5, 4]));
    expect(Array.from((await readIdxImageSet(file('img'), file('lab-ok'))).labels)).toEqual([0, 9, 5, 4]);
  });

  it('images whose size is not layers[0] fail before training, naming the images file and both sizes', async () => {
    const folder = file('five-by-five');
    await mkdir(folder);
    await writeFile(join(folder, IDX_FILE_NAMES.trainImages), images(6, 5, 5));
    await writeFile(join(folder, IDX_FILE_NAMES.trainLabels), labels([0, 1, 2, 0, 1, 2]));
    await writeFile(join(folder, `${IDX_FILE_NAMES.testImages}.gz`), gzipSync(images(4, 5, 5)));
    await writeFile(join(folder, IDX_FILE_NAMES.testLabels), labels([0, 1, 2, 0]));
    const config = { ...clonePreset('smoke'), dataset: { name: 'idx' as const, path: folder, trainSize: 6, testSize: 4 } };
    await expect(loadExperimentData(config)).rejects.toThrow(
      `images in ${join(folder, IDX_FILE_NAMES.trainImages)} have 25 pixels (5x5) but layers[0] is 784`,
    );
    const fitting = await loadExperimentData({ ...config, layers: [25, 8, 2] });
    expect(fitting.train).toMatchObject({ count: 6, dim: 25 });
  });

  it('a small gzip that inflates to 128 MB is stopped at the size its header declares, with low memory', async () => {
    const bomb = file('bomb.gz');
    await gzipBomb(bomb, idxHeader([10, 2, 3]), 128 << 20);
    expect((await stat(bomb)).size).toBeLessThan(200_000);
    let peak = 0;
    const base = process.memoryUsage().arrayBuffers;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    }, 2);
    try {
      await expect(readIdxFile(bomb, 3)).rejects.toThrow(`IDX file ${bomb} inflates to more than the 76 bytes its header (10x2x3) declares`);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    expect(peak).toBeLessThan(16 << 20);
  });

  it('a gzip whose header declares more than it holds is truncated, and one that matches is read', async () => {
    await writeFile(file('short.gz'), gzipSync(Buffer.concat([idxHeader([10, 2, 3]), Buffer.alloc(30)])));
    await expect(readIdxFile(file('short.gz'), 3)).rejects.toThrow(/short\.gz is truncated: header says 10x2x3 \(76 bytes\) but the file has 46 bytes/);
    await writeFile(file('bad-magic.gz'), gzipSync(Buffer.concat([Buffer.from([0, 0, 0x0d, 3]), Buffer.alloc(100)])));
    await expect(readIdxFile(file('bad-magic.gz'), 3)).rejects.toThrow(/bad-magic\.gz has a bad magic number 0x00000d03/);
    await writeFile(file('ok.gz'), gzipSync(images(10, 2, 3)));
    const ok = await readIdxFile(file('ok.gz'), 3);
    expect(ok.dims).toEqual([10, 2, 3]);
    expect(Array.from(ok.data.subarray(0, 4))).toEqual([0, 1, 2, 3]);
  });

  it('a raw file whose size differs from its header is refused from the header alone', async () => {
    await writeFile(file('huge-header'), idxBytes([1_000_000, 28, 28], [1, 2, 3]));
    await expect(readIdxFile(file('huge-header'), 3)).rejects.toThrow(/huge-header is truncated: header says 1000000x28x28 \(784000016 bytes\) but the file has 19 bytes/);
  });
});
