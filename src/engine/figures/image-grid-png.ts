import { PNG } from 'pngjs';
import type { ImageGrid } from '../../shared/results.ts';
import { drawText, textHeight, textWidth } from './bitmap-text.ts';
import { gridRowName } from './grid-row-names.ts';

export interface ImageGridPngOptions {
  /** Screen pixels per image pixel (nearest neighbour), 1 to 32. */
  scale?: number;
  /** Pixels of white between images and around the grid, 0 to 64. */
  gap?: number;
  /** Names each row in a margin left of the grid (a figure of its own; a report that labels the rows itself wants none). */
  rowLabels?: boolean;
}

const LABEL_INK: readonly [number, number, number] = [34, 34, 34];

function checkOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`image grid ${name} must be an integer from ${min} to ${max} (got ${value})`);
  }
  return value;
}

const toByte = (value: number) => Math.round(Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * 255);

/**
 * Renders a grid (one row per representation, one column per digit) as an RGB PNG.
 * Grayscale images are drawn as gray, 3-channel images as colour; white gaps separate cells.
 * With `rowLabels`, each row's name stands right-aligned in a margin on the left.
 */
export function imageGridToPng(grid: ImageGrid, options: ImageGridPngOptions = {}): Buffer {
  const scale = checkOption('scale', options.scale ?? 2, 1, 32);
  const gap = checkOption('gap', options.gap ?? 2, 0, 64);
  const { height, width, channels } = grid;
  if (channels !== 1 && channels !== 3) throw new RangeError(`image grid channels must be 1 or 3 (got ${channels})`);
  const pixelsPerImage = height * width * channels;
  const columns = Math.max(0, ...grid.rows.map((row) => row.images.length));
  if (grid.rows.length === 0 || columns === 0) throw new RangeError('image grid has no images to draw');
  const cellWidth = width * scale;
  const cellHeight = height * scale;
  const labels = options.rowLabels ? grid.rows.map((row) => gridRowName(row.label)) : [];
  // As large as the images' scale, but never taller than a row.
  const labelSize = Math.max(1, Math.min(scale, Math.floor(cellHeight / textHeight(1))));
  const labelPadding = 4 * labelSize;
  const margin = labels.length ? labelPadding + Math.max(...labels.map((label) => textWidth(label, labelSize))) + labelPadding : 0;
  const png = new PNG({
    width: margin + gap + columns * (cellWidth + gap),
    height: gap + grid.rows.length * (cellHeight + gap),
    colorType: 2,
  });
  png.data.fill(255);
  grid.rows.forEach((row, rowIndex) => {
    row.images.forEach((image, column) => {
      if (image.length !== pixelsPerImage) {
        throw new RangeError(`image grid row "${row.label}" image ${column} has ${image.length} values; expected ${pixelsPerImage} (${height}x${width}x${channels})`);
      }
      const left = margin + gap + column * (cellWidth + gap);
      const top = gap + rowIndex * (cellHeight + gap);
      for (let y = 0; y < cellHeight; y++) {
        const sourceRow = Math.floor(y / scale) * width;
        for (let x = 0; x < cellWidth; x++) {
          const source = (sourceRow + Math.floor(x / scale)) * channels;
          const target = ((top + y) * png.width + left + x) * 4;
          for (let c = 0; c < 3; c++) png.data[target + c] = toByte(image[source + (channels === 3 ? c : 0)]);
          png.data[target + 3] = 255;
        }
      }
    });
  });
  labels.forEach((label, rowIndex) => {
    const top = gap + rowIndex * (cellHeight + gap) + Math.floor((cellHeight - textHeight(labelSize)) / 2);
    drawText(png, label, margin - labelPadding - textWidth(label, labelSize), top, labelSize, LABEL_INK);
  });
  return PNG.sync.write(png, { colorType: 2 });
}
