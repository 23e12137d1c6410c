import type { ImageGrid } from '../../shared/results.ts';
import { FONT_FAMILY } from './palette.ts';

export interface ImageGridSvgOptions {
  /** Screen pixels per image pixel (default 2). */
  scale?: number;
  gap?: number;
  labelWidth?: number;
}

const LEVELS = 16;
const BACKGROUND = '#000000';

/**
 * A reconstruction grid as vector SVG: one row per label, each image drawn as runs of
 * equal grey (quantised to 16 levels) over a black background. A self-contained
 * stand-in where no PNG of the grid is at hand.
 */
export function imageGridToSvg(grid: ImageGrid, options: ImageGridSvgOptions = {}): string {
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 4;
  const labelWidth = options.labelWidth ?? 110;
  const size = grid.height * grid.width * grid.channels;
  const columns = Math.max(0, ...grid.rows.map((r) => r.images.length));
  const cellW = grid.width * scale + gap;
  const cellH = grid.height * scale + gap;
  const width = labelWidth + columns * cellW;
  const height = grid.rows.length * cellH;
  const parts: string[] = [];
  grid.rows.forEach((row, r) => {
    const y0 = r * cellH;
    parts.push(`<text x="${labelWidth - 10}" y="${y0 + cellH / 2}" text-anchor="end" dominant-baseline="central" font-size="13" fill="#222222">${escapeXml(row.label)}</text>`);
    row.images.forEach((image, c) => {
      if (image.length !== size) {
        throw new Error(`image grid row "${row.label}", image ${c}: has ${image.length} values, expected height*width*channels = ${size}`);
      }
      const x0 = labelWidth + c * cellW;
      parts.push(`<g transform="translate(${x0} ${y0}) scale(${scale})"><rect width="${grid.width}" height="${grid.height}" fill="${BACKGROUND}"/>${pixelRuns(image, grid)}</g>`);
    });
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}" shape-rendering="crispEdges">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>`
  );
}

/** Horizontal runs of one colour, gathered into one path per colour (`M x y h w v1 h-w z`). */
function pixelRuns(image: readonly number[], grid: ImageGrid): string {
  const pathsByColor = new Map<string, string[]>();
  for (let y = 0; y < grid.height; y++) {
    let runStart = 0;
    let runColor = colorAt(image, grid, y, 0);
    for (let x = 1; x <= grid.width; x++) {
      const color = x < grid.width ? colorAt(image, grid, y, x) : '';
      if (color === runColor) continue;
      if (runColor !== BACKGROUND) {
        let runs = pathsByColor.get(runColor);
        if (!runs) pathsByColor.set(runColor, (runs = []));
        runs.push(`M${runStart} ${y}h${x - runStart}v1h${runStart - x}z`);
      }
      runStart = x;
      runColor = color;
    }
  }
  return [...pathsByColor].map(([color, runs]) => `<path fill="${color}" d="${runs.join('')}"/>`).join('');
}

function colorAt(image: readonly number[], grid: ImageGrid, y: number, x: number): string {
  const base = (y * grid.width + x) * grid.channels;
  const channel = (k: number) => {
    const v = image[base + Math.min(k, grid.channels - 1)];
    const level = Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (LEVELS - 1));
    return Math.round((level * 255) / (LEVELS - 1)).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
