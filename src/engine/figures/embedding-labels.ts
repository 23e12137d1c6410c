import type { EmbeddingMap } from '../../shared/results.ts';

const REPRESENTATION_NAMES: Record<string, string> = {
  raw: 'raw pixels',
  pca: 'PCA',
  pretrained: 'pretrained autoencoder',
  random: 'random-start autoencoder',
};

const METHOD_NAMES: Record<EmbeddingMap['method'], string> = {
  tsne: 't-SNE',
  umap: 'UMAP',
  code: '2-D codes',
};

export function representationName(representation: string): string {
  return REPRESENTATION_NAMES[representation] ?? representation;
}

/** `t-SNE of the pretrained autoencoder codes`, `2-D codes of PCA`. */
export function embeddingTitle(map: EmbeddingMap): string {
  const what = representationName(map.representation);
  if (map.method === 'code') return `${METHOD_NAMES.code} of ${what}`;
  const codes = map.representation === 'raw' ? what : `${what} codes`;
  return `${METHOD_NAMES[map.method]} of ${codes}`;
}

/** The map's quality figures that are present, e.g. `trustworthiness vs pixels 0.953 · 1-NN accuracy 91.2% · KL 1.234`. */
export function embeddingQuality(map: EmbeddingMap): string {
  const parts: string[] = [];
  if (map.trustworthiness !== undefined) parts.push(`trustworthiness vs pixels ${map.trustworthiness.toFixed(3)}`);
  if (map.knnAccuracy !== undefined) parts.push(`1-NN accuracy ${(map.knnAccuracy * 100).toFixed(1)}%`);
  if (map.kl !== undefined) parts.push(`KL ${map.kl.toFixed(3)}`);
  parts.push(`${map.points.length} points`);
  return parts.join(' · ');
}
