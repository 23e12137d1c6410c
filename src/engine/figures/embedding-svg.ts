import type { EmbeddingMap } from '../../shared/results.ts';
import { embeddingOption, type EmbeddingSvgOptions } from './embedding-option.ts';
import { renderOptionSvg } from './render-svg.ts';

export { embeddingOption, type EmbeddingSvgOptions } from './embedding-option.ts';

/** A 2-D map as a scatter, one series per digit (colour and marker), its quality figures under the title. */
export function renderEmbeddingSvg(map: EmbeddingMap, options: EmbeddingSvgOptions = {}): string {
  return renderOptionSvg(embeddingOption(map, options));
}
