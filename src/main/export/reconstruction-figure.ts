import { gridRowName } from '../../engine/figures/grid-row-names.ts';
import { imageGridToPng } from '../../engine/figures/image-grid-png.ts';
import type { ImageGrid } from '../../shared/results.ts';
import { escapeHtml } from './html.ts';

const PNG_SIGNATURE = '89504e470d0a1a0a';
const LABEL_WIDTH = 110;

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== PNG_SIGNATURE) {
    throw new Error('reconstructions.pngBase64: not a PNG image (expected base64 of a file starting with the PNG signature)');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The reconstruction grid as an SVG that scales as one piece: row labels on the left, the
 * grid's PNG (given, or drawn here) on the right as a data URI, pixels kept sharp.
 */
export function reconstructionFigureSvg(grid: ImageGrid, pngBase64?: string): string {
  const base64 = pngBase64?.replace(/\s+/g, '') ?? imageGridToPng(grid, { scale: 2 }).toString('base64');
  const { width, height } = pngSize(Buffer.from(base64, 'base64'));
  const total = LABEL_WIDTH + width;
  const rows = Math.max(1, grid.rows.length);
  const labels = grid.rows.map(
    (row, r) => `<text x="${LABEL_WIDTH - 10}" y="${((r + 0.5) * height) / rows}" text-anchor="end" dominant-baseline="central" font-size="13" fill="#222222">${escapeHtml(gridRowName(row.label))}</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height}" viewBox="0 0 ${total} ${height}" font-family="Helvetica, Arial, sans-serif">` +
    `<rect width="${total}" height="${height}" fill="#ffffff"/>${labels.join('')}` +
    `<image x="${LABEL_WIDTH}" y="0" width="${width}" height="${height}" style="image-rendering:pixelated" href="data:image/png;base64,${base64}"/></svg>`
  );
}
