import type { EmbeddingMap } from '../../../shared/results.ts';

type MapIdentity = Pick<EmbeddingMap, 'method' | 'representation'>;

/** One name per map of a run: `tsne:pretrained`, `umap:raw`, `code:random` (a 2-d code drawn as it is). */
export function mapKey(map: MapIdentity): string {
  return `${map.method}:${map.representation}`;
}

const METHOD_ORDER: Record<EmbeddingMap['method'], number> = { tsne: 0, code: 1, umap: 2 };
const REPRESENTATION_ORDER = ['raw', 'pca', 'pretrained', 'random'];

function representationRank(representation: string): number {
  const rank = REPRESENTATION_ORDER.indexOf(representation);
  return rank < 0 ? REPRESENTATION_ORDER.length : rank;
}

/** t-SNE maps first, then 2-d codes, then UMAP; within each, raw pixels, PCA, pretrained, random. */
export function orderMaps<T extends MapIdentity>(maps: readonly T[]): T[] {
  return [...maps].sort(
    (a, b) => METHOD_ORDER[a.method] - METHOD_ORDER[b.method] || representationRank(a.representation) - representationRank(b.representation) || a.representation.localeCompare(b.representation),
  );
}

/** What was mapped, e.g. "raw pixels (784-d)", "30-d PCA codes", "the pretrained arm's 30-d codes". */
function mappedSpace(representation: string, pixelDim: number | undefined, codeDim: number | undefined): string {
  const dim = codeDim ? `${codeDim}-d ` : '';
  if (representation === 'raw') return pixelDim ? `raw pixels (${pixelDim}-d)` : 'raw pixels';
  if (representation === 'pca') return `${dim}PCA codes`;
  return `the ${representation} arm's ${dim}codes`;
}

/** A title that says what the map is: which method drew it, and from what. */
export function mapTitle(map: MapIdentity, dims: { pixels?: number; code?: number } = {}): string {
  if (map.method === 'code') return map.representation === 'pca' ? '2-d PCA codes, drawn as they are' : `2-d codes of the ${map.representation} arm, drawn as they are`;
  const method = map.method === 'umap' ? 'UMAP' : 't-SNE';
  return `${method} of ${mappedSpace(map.representation, dims.pixels, dims.code)}`;
}

/** The map's quality figures: trustworthiness against the pixels (every map's yardstick) and 1-NN accuracy in the map. */
export function mapQuality(map: Pick<EmbeddingMap, 'trustworthiness' | 'knnAccuracy' | 'kl'>): string {
  const parts: string[] = [];
  if (map.trustworthiness !== undefined) parts.push(`trustworthiness vs pixels ${map.trustworthiness.toFixed(3)}`);
  if (map.knnAccuracy !== undefined) parts.push(`1-NN accuracy ${(map.knnAccuracy * 100).toFixed(1)}%`);
  if (map.kl !== undefined) parts.push(`KL ${map.kl.toFixed(3)}`);
  return parts.length > 0 ? parts.join(' · ') : 'no quality figures stored';
}
