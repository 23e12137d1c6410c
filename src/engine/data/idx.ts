import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { ImageSet } from './types.ts';

const gunzipAsync = promisify(gunzip);

/** Magic numbers of unsigned-byte IDX files: 0x0000 08 <number of dimensions>. */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
const UNSIGNED_BYTE_TYPE = 0x08;

/** A dataset file that is missing, malformed, truncated or inconsistent; the message names the file. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function readBytes(file: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(`IDX file ${file} does not exist`);
    throw new DatasetError(`IDX file ${file} cannot be read: ${(error as Error).message}`);
  }
  if (!isGzip(raw)) return raw;
  try {
    return await gunzipAsync(raw);
  } catch (error) {
    throw new DatasetError(`IDX file ${file} starts like gzip but cannot be decompressed: ${(error as Error).message}`);
  }
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** Parses an unsigned-byte IDX array with exactly `expectedDims` dimensions. */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims: number): IdxArray {
  const expectedMagic = (UNSIGNED_BYTE_TYPE << 8) | expectedDims;
  if (bytes.length < 4) {
    throw new DatasetError(`IDX file ${file} is truncated: ${bytes.length} bytes, too short for the 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UNSIGNED_BYTE_TYPE) {
    throw new DatasetError(
      `IDX file ${file} has a bad magic number ${hex(magic)}; expected ${hex(expectedMagic)} (unsigned bytes, ${expectedDims} dimensions)`,
    );
  }
  const dimCount = bytes[3];
  if (dimCount !== expectedDims) {
    throw new DatasetError(
      `IDX file ${file} has ${dimCount} dimensions (magic ${hex(magic)}); expected ${expectedDims} (magic ${hex(expectedMagic)})`,
    );
  }
  const headerBytes = 4 + 4 * dimCount;
  if (bytes.length < headerBytes) {
    throw new DatasetError(`IDX file ${file} is truncated: ${bytes.length} bytes, shorter than its ${headerBytes}-byte header`);
  }
  const dims: number[] = [];
  for (let d = 0; d < dimCount; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const payload = dims.reduce((a, b) => a * b, 1);
  const expectedLength = headerBytes + payload;
  if (bytes.length < expectedLength) {
    throw new DatasetError(
      `IDX file ${file} is truncated: header says ${dims.join('x')} (${expectedLength} bytes) but the file has ${bytes.length} bytes`,
    );
  }
  if (bytes.length > expectedLength) {
    throw new DatasetError(
      `IDX file ${file} has ${bytes.length - expectedLength} bytes more than its header (${dims.join('x')}) describes`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes, expectedLength) };
}

export async function readIdxFile(file: string, expectedDims: number): Promise<IdxArray> {
  return parseIdx(await readBytes(file), file, expectedDims);
}

/** Reads an images file and its labels file into one set, pixels scaled to [0,1]. */
export async function readIdxImageSet(imagesFile: string, labelsFile: string): Promise<ImageSet> {
  const [images, labels] = await Promise.all([readIdxFile(imagesFile, 3), readIdxFile(labelsFile, 1)]);
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DatasetError(
      `IDX files do not match: ${imagesFile} holds ${count} images but ${labelsFile} holds ${labels.dims[0]} labels`,
    );
  }
  if (height === 0 || width === 0) {
    throw new DatasetError(`IDX file ${imagesFile} has empty images (${height}x${width})`);
  }
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  return {
    images: pixels,
    labels: Uint8Array.from(labels.data),
    count,
    dim: height * width,
    height,
    width,
    channels: 1,
  };
}
