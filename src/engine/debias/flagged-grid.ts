import type { ClassDetection } from '../../shared/debias-results.ts';
import type { ImageGrid } from '../../shared/results.ts';
import type { ImageSet } from '../data/types.ts';

/**
 * The top-ranked samples of one digit as an image grid (for `flagged-<digit>.png` via
 * imageGridToPng): `columns` images a row, best first, rows labelled by rank.
 */
export function flaggedSampleGrid(train: ImageSet, detection: ClassDetection, columns = 16, maxRows = 4): ImageGrid {
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`columns must be a positive integer (got ${columns})`);
  const indices = detection.topFlagged.slice(0, columns * maxRows);
  const rows: ImageGrid['rows'] = [];
  for (let start = 0; start < indices.length; start += columns) {
    const chunk = indices.slice(start, start + columns);
    rows.push({
      label: `digit ${detection.digit}, ranks ${start + 1}-${start + chunk.length}`,
      images: chunk.map((i) => Array.from(train.images.subarray(i * train.dim, (i + 1) * train.dim), (v) => Math.round(v * 1000) / 1000)),
    });
  }
  return { height: train.height, width: train.width, channels: train.channels, digits: indices.map((i) => train.labels[i]), rows };
}
