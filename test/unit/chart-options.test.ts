import * as echarts from 'echarts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Curve } from '../../src/renderer/src/charts/curves.ts';

/** The page's real font list, quoted as Chromium's getComputedStyle returns it. */
const PAGE_FONT = '"Inter", "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif';

type ReferenceLine = { name: string; value: number; color: string };
type LineOption = (curves: Curve[], yAxisName: string, references?: ReferenceLine[]) => unknown;
/** A page module (it reads `window` and `document`): loaded by a path the node typecheck does not follow. */
const LINE_OPTION_MODULE = '../../src/renderer/src/charts/line-option.ts';
let buildLineOption: LineOption;

/** The option builders read the theme from the page: a page with no CSS variables and the app's font. */
function stubPage(): void {
  vi.stubGlobal('window', { matchMedia: () => ({ matches: false, addEventListener: () => undefined }) });
  vi.stubGlobal('document', { documentElement: {}, body: {}, createElement: () => ({}) });
  vi.stubGlobal('getComputedStyle', () => ({ getPropertyValue: () => '', fontFamily: PAGE_FONT }));
}

/** Builds on the stubbed page, then takes the page away again so ECharts renders as on a server. */
function lineOption(...args: Parameters<LineOption>): Record<string, unknown> {
  stubPage();
  try {
    return buildLineOption(...args) as Record<string, unknown>;
  } finally {
    vi.unstubAllGlobals();
  }
}

beforeAll(async () => {
  stubPage();
  ({ lineOption: buildLineOption } = (await import(/* @vite-ignore */ LINE_OPTION_MODULE)) as { lineOption: LineOption });
  vi.unstubAllGlobals();
});

afterAll(() => {
  vi.unstubAllGlobals();
});

const curves: Curve[] = [
  { name: 'pretrained', color: '#2f6fdf', points: [[1, 30], [2, 24], [3, 21.5]] },
  { name: 'random', color: '#e15759', dashed: true, points: [[1, 40], [2, 33], [3, 28]] },
];

type Bound = (extent: { min: number; max: number }) => number | undefined;

/** The y range ECharts ends up drawing, read back from a chart laid out off-screen. */
function drawnYRange(option: Record<string, unknown>): [number, number] {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
  try {
    chart.setOption(option);
    const axis = (chart as unknown as { getModel(): { getComponent(t: string, i: number): { axis: { scale: { getExtent(): [number, number] } } } } }).getModel().getComponent('yAxis', 0).axis;
    return axis.scale.getExtent();
  } finally {
    chart.dispose();
  }
}

describe('line chart option', () => {
  it('stretches the y axis to a reference line below every curve (PCA better than both arms)', () => {
    const option = lineOption(curves, 'test squared error per image', [{ name: 'PCA', value: 13.87, color: '#59a14f' }]);
    const yAxis = option.yAxis as { min: Bound; max: Bound };
    // Data extent 21.5..40: the bound must reach below 13.87 and leave the top to ECharts.
    const min = yAxis.min({ min: 21.5, max: 40 })!;
    expect(min).toBeLessThan(13.87);
    expect(min).toBeGreaterThan(13.87 - 0.2 * (40 - 13.87));
    expect(yAxis.max({ min: 21.5, max: 40 })).toBeUndefined();
    const [low, high] = drawnYRange(option);
    expect(low).toBeLessThan(13.87);
    expect(high).toBeGreaterThanOrEqual(40);
  });

  it('stretches the y axis to a reference line above every curve', () => {
    const option = lineOption(curves, 'error', [{ name: 'raw', value: 55, color: '#9c755f' }]);
    const [low, high] = drawnYRange(option);
    expect(high).toBeGreaterThan(55);
    expect(low).toBeLessThanOrEqual(21.5);
  });

  it('leaves the axis to ECharts when the reference lies among the curves', () => {
    const option = lineOption(curves, 'error', [{ name: 'PCA', value: 25, color: '#59a14f' }]);
    const yAxis = option.yAxis as { min: Bound; max: Bound };
    expect(yAxis.min({ min: 21.5, max: 40 })).toBeUndefined();
    expect(yAxis.max({ min: 21.5, max: 40 })).toBeUndefined();
  });

  it('writes a font family that stays inside the SVG style attribute', () => {
    const option = lineOption(curves, 'error', [{ name: 'PCA', value: 13.87, color: '#59a14f' }]);
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    chart.dispose();
    const styles = [...svg.matchAll(/style="([^"]*)"/g)].map((m) => m[1]);
    const withFont = styles.filter((s) => s.includes('font-family'));
    expect(withFont.length).toBeGreaterThan(0);
    // Every style attribute ends where its declaration list ends: the whole font list is inside it.
    for (const style of withFont) expect(style).toContain("font-family:'Inter', 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif");
    // No attribute value runs into another: after each closing quote comes a space, `>` or `/`.
    expect(svg).not.toMatch(/="[^"]*"[^\s>/]/);
  });
});
