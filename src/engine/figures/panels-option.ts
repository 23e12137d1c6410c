import type { EChartsOption, LineSeriesOption } from 'echarts';
import { format } from 'echarts/core';
import { niceExtent, type AxisExtent, type CurvePanel } from './curve-panel.ts';
import { FONT_FAMILY, REFERENCE_LINE_COLOR } from './palette.ts';

export interface PanelLayout {
  width: number;
  columns: number;
  panelHeight: number;
  title?: string;
}

export interface SizedOption {
  option: EChartsOption;
  width: number;
  height: number;
}

const FIGURE_TITLE_HEIGHT = 44;
const PANEL_TITLE_HEIGHT = 28;
const LEGEND_ROW_HEIGHT = 20;
const PANEL_FOOTER = 48;
const LEFT_MARGIN = 78;
const RIGHT_MARGIN = 28;
const TEXT_COLOR = '#222222';
const AXIS_COLOR = '#444444';
const GRID_LINE_COLOR = '#e4e4e4';
const SYMBOL_LIMIT = 40;
const LEGEND_ICON_WIDTH = 24;
const LEGEND_TEXT_GAP = 5;
const LEGEND_ITEM_GAP = 10;
const LEGEND_FONT = `12px ${FONT_FAMILY}`;

/** ECharts option for panels laid out in a grid, each with its own title, legend and axes; static (no animation), white background. */
export function panelsOption(panels: readonly CurvePanel[], layout: PanelLayout): SizedOption {
  const columns = Math.max(1, Math.min(layout.columns, panels.length));
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const top = layout.title ? FIGURE_TITLE_HEIGHT : 8;
  const height = top + rows * layout.panelHeight;
  const cellWidth = layout.width / columns;

  const titles: NonNullable<EChartsOption['title']> = [];
  const legends: NonNullable<EChartsOption['legend']> = [];
  const grids: NonNullable<EChartsOption['grid']> = [];
  const xAxes: NonNullable<EChartsOption['xAxis']> = [];
  const yAxes: NonNullable<EChartsOption['yAxis']> = [];
  const series: LineSeriesOption[] = [];

  if (layout.title) {
    titles.push({ text: layout.title, left: 'center', top: 10, textStyle: { fontSize: 17, fontWeight: 'bold', color: TEXT_COLOR } });
  }
  if (panels.length === 0) {
    titles.push({ text: 'No curves recorded', left: 'center', top: 'middle', textStyle: { fontSize: 14, color: AXIS_COLOR, fontWeight: 'normal' } });
  }

  panels.forEach((panel, i) => {
    const x = (i % columns) * cellWidth;
    const y = top + Math.floor(i / columns) * layout.panelHeight;
    const plotWidth = cellWidth - LEFT_MARGIN - RIGHT_MARGIN;
    const header = PANEL_TITLE_HEIGHT + legendRows(panel.lines.map((l) => l.name), plotWidth) * LEGEND_ROW_HEIGHT + 14;
    titles.push({ text: panel.title, left: x + LEFT_MARGIN - 8, top: y + 4, textStyle: { fontSize: 14, fontWeight: 'bold', color: TEXT_COLOR } });
    legends.push({
      data: panel.lines.map((l) => l.name),
      left: x + LEFT_MARGIN - 8,
      top: y + 28,
      width: plotWidth,
      itemWidth: LEGEND_ICON_WIDTH,
      itemGap: LEGEND_ITEM_GAP,
      itemHeight: 10,
      textStyle: { fontSize: 12, color: TEXT_COLOR },
    });
    grids.push({ left: x + LEFT_MARGIN, top: y + header, width: plotWidth, height: layout.panelHeight - header - PANEL_FOOTER });
    const axisCommon = {
      gridIndex: i,
      nameLocation: 'middle' as const,
      nameTextStyle: { fontSize: 12, color: TEXT_COLOR },
      axisLine: { lineStyle: { color: AXIS_COLOR } },
      axisTick: { lineStyle: { color: AXIS_COLOR } },
      axisLabel: { color: AXIS_COLOR, fontSize: 11 },
      splitLine: { lineStyle: { color: GRID_LINE_COLOR } },
    };
    const xs = panel.lines.flatMap((l) => l.points.map((p) => p[0]));
    const [xMin, xMax] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
    xAxes.push({ ...axisCommon, type: 'value', name: panel.xAxisName, nameGap: 26, min: xMin, max: xMax === xMin ? xMin + 1 : xMax, minInterval: 1 });
    const ys = [...panel.lines.flatMap((l) => l.points.map((p) => p[1])), ...(panel.references ?? []).map((r) => r.value)];
    const extent = niceExtent(ys);
    yAxes.push({ ...axisCommon, type: 'value', name: panel.yAxisName, nameGap: 52, ...extent });

    panel.lines.forEach((line, j) => {
      series.push({
        type: 'line',
        name: line.name,
        xAxisIndex: i,
        yAxisIndex: i,
        data: line.points,
        color: line.color,
        lineStyle: { width: 2, color: line.color, type: line.dashed ? 'dashed' : 'solid' },
        symbol: line.symbol ?? 'circle',
        symbolSize: 6,
        showSymbol: line.points.length <= SYMBOL_LIMIT,
        markLine: j === 0 && panel.references?.length ? referenceMarks(panel, extent) : undefined,
      });
    });
  });

  const option: EChartsOption = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: titles,
    legend: legends,
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
  };
  return { option, width: layout.width, height };
}

/** Rows a plain legend wraps to within `width`, measuring the names as ECharts does. */
function legendRows(names: readonly string[], width: number): number {
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const item = LEGEND_ICON_WIDTH + LEGEND_TEXT_GAP + format.getTextRect(name, LEGEND_FONT).width + LEGEND_ITEM_GAP;
    if (used > 0 && used + item > width) {
      rows += 1;
      used = 0;
    }
    used += item;
  }
  return rows;
}

/** Dotted horizontal lines; a label goes below its line when the line sits under the curves' ends, so it does not cover them. */
function referenceMarks(panel: CurvePanel, extent: AxisExtent): LineSeriesOption['markLine'] {
  const lastValues = panel.lines.map((l) => l.points.at(-1)?.[1]).filter((v): v is number => v !== undefined);
  const lowestEnd = lastValues.length ? Math.min(...lastValues) : extent.max;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: REFERENCE_LINE_COLOR, type: 'dotted', width: 1.5 },
    data: (panel.references ?? []).map((r) => ({
      name: `${r.label} ${formatNumber(r.value)}`,
      yAxis: r.value,
      label: {
        position: r.value < lowestEnd && r.value - extent.min > extent.interval / 2 ? 'insideEndBottom' : 'insideEndTop',
        color: REFERENCE_LINE_COLOR,
        fontSize: 11,
        formatter: '{b}',
      },
    })),
  };
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}
