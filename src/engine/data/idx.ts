import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { ImageSet } from './types.ts';

/** Magic numbers of unsigned-byte IDX files: 0x0000 08 <number of dimensions>. */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
const UNSIGNED_BYTE_TYPE = 0x08;
/** Labels are digit (or garment) classes; the evaluations (logistic regression, maps) use ten. */
export const LABEL_CLASSES = 10;

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

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

interface IdxHeader {
  dims: number[];
  headerBytes: number;
  /** Header plus payload: the whole file's size as its header declares it. */
  expectedLength: number;
}

/** The most bytes an IDX header can take: the magic number and 255 dimension sizes. */
const MAX_HEADER_BYTES = 4 + 4 * 255;

/** Parses the header of an unsigned-byte IDX array with exactly `expectedDims` dimensions. */
function parseIdxHeader(bytes: Uint8Array, file: string, expectedDims: number): IdxHeader {
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
  return { dims, headerBytes, expectedLength: headerBytes + dims.reduce((a, b) => a * b, 1) };
}

function checkLength(length: number, header: IdxHeader, file: string): void {
  const { dims, expectedLength } = header;
  if (length < expectedLength) {
    throw new DatasetError(
      `IDX file ${file} is truncated: header says ${dims.join('x')} (${expectedLength} bytes) but the file has ${length} bytes`,
    );
  }
  if (length > expectedLength) {
    throw new DatasetError(`IDX file ${file} has ${length - expectedLength} bytes more than its header (${dims.join('x')}) describes`);
  }
}

/** Parses an unsigned-byte IDX array with exactly `expectedDims` dimensions. */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims: number): IdxArray {
  const header = parseIdxHeader(bytes, file, expectedDims);
  checkLength(bytes.length, header, file);
  return { dims: header.dims, data: bytes.subarray(header.headerBytes, header.expectedLength) };
}

/** The header once `bytes` hold all of it, else undefined. */
function completeHeader(bytes: Uint8Array, file: string, expectedDims: number): IdxHeader | undefined {
  if (bytes.length < 4 || bytes.length < 4 + 4 * bytes[3]) return undefined;
  return parseIdxHeader(bytes, file, expectedDims);
}

/**
 * Inflates a gzipped IDX file as a stream, stopping as soon as the output passes the size its
 * header declares: a small file that inflates to gigabytes is never held whole.
 */
function inflateBounded(file: string, expectedDims: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(file);
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let total = 0;
    let header: IdxHeader | undefined;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      source.destroy();
      gunzip.destroy();
      reject(error);
    };
    gunzip.on('data', (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      total += chunk.length;
      try {
        header ??= completeHeader(chunks.length === 1 ? chunk : Buffer.concat(chunks, total), file, expectedDims);
      } catch (error) {
        fail(error as Error);
        return;
      }
      if (header && total > header.expectedLength) {
        fail(
          new DatasetError(
            `IDX file ${file} inflates to more than the ${header.expectedLength} bytes its header (${header.dims.join('x')}) declares; it was not read further`,
          ),
        );
      }
    });
    gunzip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, total));
    });
    gunzip.on('error', (error) => fail(new DatasetError(`IDX file ${file} starts like gzip but cannot be decompressed: ${error.message}`)));
    source.on('error', (error) => fail(new DatasetError(`IDX file ${file} cannot be read: ${error.message}`)));
    source.pipe(gunzip);
  });
}

/** The first bytes of the file (up to a whole header) and its size. */
async function readHead(file: string): Promise<{ head: Buffer; size: number }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(`IDX file ${file} does not exist`);
    throw new DatasetError(`IDX file ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), size };
  } catch (error) {
    throw new DatasetError(`IDX file ${file} cannot be read: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

/**
 * Reads an IDX file, raw or gzipped. The header is read first: a raw file whose size differs from
 * what it declares is refused before its body is read, a gzipped one is inflated only that far.
 */
export async function readIdxFile(file: string, expectedDims: number): Promise<IdxArray> {
  const { head, size } = await readHead(file);
  if (isGzip(head)) return parseIdx(await inflateBounded(file, expectedDims), file, expectedDims);
  const header = completeHeader(head, file, expectedDims);
  if (header) checkLength(size, header, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new DatasetError(`IDX file ${file} cannot be read: ${(error as Error).message}`);
  }
  return parseIdx(bytes, file, expectedDims);
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
  const badLabel = labels.data.findIndex((label) => label >= LABEL_CLASSES);
  if (badLabel >= 0) {
    throw new DatasetError(
      `IDX file ${labelsFile}: label ${labels.data[badLabel]} at index ${badLabel} is not a class from 0 to ${LABEL_CLASSES - 1}`,
    );
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
    file: imagesFile,
  };
}
