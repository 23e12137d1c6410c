import type { EmbeddingMap, ImageGrid } from '../../shared/results.ts';

/**
 * Compact binary forms of what the store keeps as BLOBs: float32 arrays as raw little-endian
 * bytes, image grids as one byte per pixel (display quality), embeddings as float32 points
 * plus int32 labels and indices.
 */

export function float32ToBuffer(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function bufferToFloat32(buffer: Uint8Array): Float32Array {
  // Copy: SQLite's buffer may not be 4-byte aligned.
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export interface GridMeta {
  rows: { label: string; count: number }[];
  height: number;
  width: number;
  channels: number;
  digits: number[];
}

export function encodeGrid(grid: ImageGrid): { meta: GridMeta; data: Buffer } {
  const dim = grid.height * grid.width * grid.channels;
  const total = grid.rows.reduce((n, row) => n + row.images.length, 0);
  const data = Buffer.alloc(total * dim);
  let offset = 0;
  for (const row of grid.rows) {
    for (const image of row.images) {
      for (let i = 0; i < dim; i++) {
        const v = image[i] ?? 0;
        data[offset++] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
  }
  const meta: GridMeta = {
    rows: grid.rows.map((row) => ({ label: row.label, count: row.images.length })),
    height: grid.height,
    width: grid.width,
    channels: grid.channels,
    digits: grid.digits,
  };
  return { meta, data };
}

export function decodeGrid(meta: GridMeta, data: Uint8Array): ImageGrid {
  const dim = meta.height * meta.width * meta.channels;
  let offset = 0;
  const rows = meta.rows.map((row) => {
    const images: number[][] = [];
    for (let k = 0; k < row.count; k++) {
      const image = new Array<number>(dim);
      for (let i = 0; i < dim; i++) image[i] = data[offset++] / 255;
      images.push(image);
    }
    return { label: row.label, images };
  });
  return { rows, height: meta.height, width: meta.width, channels: meta.channels, digits: meta.digits };
}

export type EmbeddingMeta = Omit<EmbeddingMap, 'points' | 'labels' | 'indices'> & { count: number };

export function encodeEmbedding(map: EmbeddingMap): { meta: EmbeddingMeta; data: Buffer } {
  const n = map.points.length;
  const points = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    points[2 * i] = map.points[i][0];
    points[2 * i + 1] = map.points[i][1];
    labels[i] = map.labels[i] ?? -1;
    indices[i] = map.indices[i] ?? -1;
  }
  const { points: _p, labels: _l, indices: _i, ...rest } = map;
  const data = Buffer.concat([float32ToBuffer(points), Buffer.from(labels.buffer), Buffer.from(indices.buffer)]);
  return { meta: { ...rest, count: n }, data };
}

export function decodeEmbedding(meta: EmbeddingMeta, data: Uint8Array): EmbeddingMap {
  const n = meta.count;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  const points = new Float32Array(copy.buffer, 0, 2 * n);
  const labels = new Int32Array(copy.buffer, 8 * n, n);
  const indices = new Int32Array(copy.buffer, 12 * n, n);
  const { count: _count, ...rest } = meta;
  return {
    ...rest,
    points: Array.from({ length: n }, (_, i) => [points[2 * i], points[2 * i + 1]] as [number, number]),
    labels: Array.from(labels),
    indices: Array.from(indices),
  };
}
