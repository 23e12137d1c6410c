import { describe, expect, it } from 'vitest';
import { niceExtent } from '../../src/engine/figures/curve-panel.ts';
import { renderCurvesSvg, renderFinetuneCurvesSvg, renderRbmCurvesSvg } from '../../src/engine/figures/curves-svg.ts';
import { renderEmbeddingSvg } from '../../src/engine/figures/embedding-svg.ts';
import { CLASS_COLORS } from '../../src/engine/figures/palette.ts';
import { fixtureMap, fixtureMetrics } from './export-fixtures.ts';

/** Line series paths (not legend icons): unfilled, 2px, with at least two segments. */
function curvePaths(svg: string): string[] {
  return [...svg.matchAll(/<path d="(M[^"]*)" fill="none"[^>]*stroke-width="2"[^>]*>/g)]
    .filter((m) => (m[1].match(/L/g) ?? []).length >= 2)
    .map((m) => m[0]);
}

/** Each legend item has one invisible hit area (its icon may carry the same marker). */
function legendEntries(svg: string): number {
  return (svg.match(/fill="none" pointer-events="visible" ecmeta_series_index="\d+" ecmeta_data_index="\d+" ecmeta_ssr_type="legend"/g) ?? []).length;
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

function firstY(path: string): number {
  const m = /d="M[\d.]+ ([\d.]+)/.exec(path);
  return Number(m?.[1]);
}

describe('training curves SVG', () => {
  const metrics = fixtureMetrics(4, 6, 8);

  it('draws one line and one legend entry per RBM layer, named by its shape', () => {
    const svg = renderRbmCurvesSvg(metrics.filter((m) => m.name === 'trainSSE'), { layers: [784, 1000, 500, 250, 30] });
    const paths = curvePaths(svg);
    expect(paths).toHaveLength(4);
    expect(legendEntries(svg)).toBe(4);
    // Layer 1 reconstructs pixels; from layer 2 on, the units are the lower layer's hidden probabilities.
    expect(texts(svg)).toEqual(expect.arrayContaining(['layer 1 (784→1000) on pixels', 'layer 4 (250→30) on layer-3 probabilities', 'squared error per input vector', 'epoch']));
    expect(new Set(paths.map((p) => /stroke="(#[0-9A-Fa-f]+)"/.exec(p)?.[1])).size).toBe(4);
    // layer 1 starts at the highest error (34), layer 4 at the lowest (19): smaller y is higher on screen
    expect(firstY(paths[0])).toBeLessThan(firstY(paths[3]));
  });

  it('draws both arms in the training-loss and test-error panels, random dashed, with reference lines', () => {
    const svg = renderFinetuneCurvesSvg(metrics, { lossName: 'cross-entropy', references: [{ label: 'PCA', value: 13.87 }] });
    const paths = curvePaths(svg);
    expect(paths).toHaveLength(4);
    expect(legendEntries(svg)).toBe(4);
    expect(paths.filter((p) => p.includes('stroke-dasharray'))).toHaveLength(2);
    expect(paths.filter((p) => p.includes('stroke-dasharray')).every((p) => p.includes('stroke="#D55E00"'))).toBe(true);
    const labels = texts(svg);
    expect(labels.filter((t) => t === 'pretrained')).toHaveLength(2);
    expect(labels.filter((t) => t === 'random')).toHaveLength(2);
    expect(labels).toEqual(expect.arrayContaining(['cross-entropy loss', 'PCA 13.87', 'Fine-tuning: test reconstruction error']));
  });

  it('combines every recorded panel on a white background, one line per layer or arm in each', () => {
    const svg = renderCurvesSvg(metrics, { title: 'Run 7' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/<rect width="\d+" height="\d+" x="0" y="0" fill="#ffffff"/);
    expect(curvePaths(svg)).toHaveLength(3 * 4 + 2 * 2);
    expect(legendEntries(svg)).toBe(3 * 4 + 2 * 2);
    expect(texts(svg)).toEqual(expect.arrayContaining([
      'Run 7', 'RBM reconstruction error, per layer', 'Whole stack up and down, per layer added',
      'Free-energy gap, held-out vs training', 'Fine-tuning: training loss', 'Fine-tuning: test reconstruction error',
    ]));
  });

  it('says so when there is nothing to draw', () => {
    expect(texts(renderCurvesSvg([]))).toContain('No curves recorded');
  });

  it('leaves out panels of metrics that were not recorded', () => {
    const svg = renderCurvesSvg(metrics.filter((m) => m.name === 'testSSE'));
    expect(curvePaths(svg)).toHaveLength(2);
    expect(texts(svg)).not.toContain('RBM reconstruction error, per layer');
  });
});

describe('axis ranges', () => {
  it('rounds to a 1-2-5 step that holds every value', () => {
    expect(niceExtent([3.0, 13.87, 4.2])).toEqual({ min: 0, max: 15, interval: 5 });
    expect(niceExtent([21.5, 24.9])).toEqual({ min: 21, max: 25, interval: 1 });
    const e = niceExtent([0.0123, 0.0456]);
    expect(e.min).toBeCloseTo(0.01, 10);
    expect(e.max).toBeCloseTo(0.05, 10);
    expect(e.interval).toBeCloseTo(0.01, 10);
  });
});

describe('embedding map SVG', () => {
  it('draws one point per code, coloured by digit, with a 0-9 legend and the quality figures in the title', () => {
    const map = fixtureMap('pretrained', 5, 10);
    const svg = renderEmbeddingSvg(map);
    expect((svg.match(/ecmeta_ssr_type="chart"/g) ?? []).length).toBe(50);
    expect(legendEntries(svg)).toBe(10);
    for (let d = 0; d < 10; d++) {
      const points = svg.match(new RegExp(`fill="${CLASS_COLORS[d]}"[^>]*ecmeta_ssr_type="chart"`, 'g')) ?? [];
      expect(points, `digit ${d}`).toHaveLength(5);
    }
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(['0', '9', 'digit', 't-SNE of pretrained autoencoder codes']));
    expect(labels).toContain('trustworthiness vs pixels 0.953 · 1-NN accuracy 91.2% · KL 1.234 · 50 points');
  });

  it('shows only the figures a map has, and axes for 2-D codes', () => {
    const map = { ...fixtureMap('raw', 2, 3), method: 'code' as const, kl: undefined, trustworthiness: undefined, knnAccuracy: undefined };
    const labels = texts(renderEmbeddingSvg(map));
    expect(labels).toEqual(expect.arrayContaining(['2-D codes of raw pixels', '6 points', 'code 1', 'code 2']));
    expect(labels.some((t) => t.includes('trustworthiness'))).toBe(false);
  });

  it('rejects labels that do not match the points', () => {
    const map = { ...fixtureMap('pca', 2, 2), labels: [0, 1] };
    expect(() => renderEmbeddingSvg(map)).toThrow(/embedding "pca": labels has 2 entries but points has 4/);
  });
});
