import type { EmbeddingMap } from '../../../shared/results.ts';
import type { CurvePanel } from '../../../engine/figures/curve-panel.ts';
import { embeddingOption } from '../../../engine/figures/embedding-option.ts';
import { panelsOption, type SizedOption } from '../../../engine/figures/panels-option.ts';
import type { Curve } from './curves.ts';
import type { ChartOption } from './echarts.ts';
import type { ReferenceLine } from './line-option.ts';

export type { SizedOption } from '../../../engine/figures/panels-option.ts';

/** Width and plot height of a line chart exported from the app (the CLI's panels are 550 x 340 each). */
const FIGURE_WIDTH = 760;
const FIGURE_HEIGHT = 440;

/**
 * The figure a line chart exports: drawn by the same builder as the CLI's and the report's curves
 * (title, legend, named axes, labelled reference lines, white background), with the app's lines.
 */
export function curveFigure(title: string, yAxisName: string, curves: readonly Curve[], references: readonly ReferenceLine[] = []): SizedOption {
  const panel: CurvePanel = {
    title,
    xAxisName: 'epoch',
    yAxisName,
    lines: curves.map((c) => ({ name: c.name, color: c.color, dashed: c.dashed, points: c.points })),
    references: references.map((r) => ({ label: r.name, value: r.value })),
  };
  return panelsOption([panel], { width: FIGURE_WIDTH, columns: 1, panelHeight: FIGURE_HEIGHT });
}

/** The figure a map exports: the CLI's map, with its title, quality figures and digit key. */
export function mapFigure(map: EmbeddingMap, title?: string): SizedOption {
  return embeddingOption(map, title ? { title } : {});
}

/** The figure of a line chart as the page shows it: its lines, its y-axis name and its reference lines. */
export function curveFigureOf(title: string, shown: ChartOption, curves: readonly Curve[], references: readonly ReferenceLine[] = []): SizedOption {
  const yAxisName = (shown as { yAxis?: { name?: string } }).yAxis?.name ?? '';
  return curveFigure(title, yAxisName, curves, references);
}
