import type { EmbeddingMap } from '../../../shared/results.ts';
import { chartChrome } from '../charts/chrome.ts';
import type { ChartOption } from '../charts/echarts.ts';
import type { PointTooltip } from '../charts/tsne-option.ts';
import { cssVar } from '../theme.ts';
import { DIGIT_COLORS } from '../palette.ts';
import type { Extent } from './extent.ts';

/** Pixels between the chart's edge and its plotting area, on every side (tests map data to pixels with it). */
export const MAP_INSET = 10;
/** The series after the ten digit series: the selection, then the images the search marks. */
export const SELECTED_SERIES = 10;
export const MARKED_SERIES = 11;

/** A point as drawn: x, y, test-image index, digit. */
export type ExplorePoint = [number, number, number, number];

export interface ExploreState {
  extent: Extent;
  visible: readonly boolean[];
  /** Test-image indices selected (in this map or another); undefined when nothing is selected. */
  selected?: ReadonlySet<number>;
  /** Test-image indices the search marks. */
  marked: ReadonlySet<number>;
  compact: boolean;
}

/**
 * One map for the explorer: a scatter series per digit (filtered points left out), the
 * selection drawn on top (the rest dimmed), the searched images ringed; axes fixed to the
 * whole map, zoom and pan inside on both axes, and a brush (rectangle or lasso) that
 * selects nothing itself: the view turns its areas into a selection for every map.
 */
export function exploreOption(map: EmbeddingMap, state: ExploreState, tooltip: PointTooltip): ChartOption {
  const chrome = chartChrome();
  const text = cssVar('--text') || '#1c2330';
  const border = cssVar('--border') || '#dfe3e8';
  const byDigit: ExplorePoint[][] = Array.from({ length: 10 }, () => []);
  const selected: ExplorePoint[] = [];
  const marked: ExplorePoint[] = [];
  map.points.forEach(([x, y], position) => {
    if (!state.visible[position]) return;
    const digit = map.labels[position];
    const point: ExplorePoint = [x, y, map.indices[position], digit];
    byDigit[digit % 10].push(point);
    if (state.selected?.has(point[2])) selected.push(point);
    if (state.marked.has(point[2])) marked.push(point);
  });
  const size = state.compact ? (map.points.length > 1500 ? 2.5 : 4) : map.points.length > 1500 ? 4 : 7;
  const dimmed = state.selected !== undefined;
  const axis = (range: [number, number]) => ({ type: 'value', min: range[0], max: range[1], axisLabel: { show: false }, axisTick: { show: false }, axisLine: { show: false }, splitLine: { show: false } });
  const inside = { type: 'inside', filterMode: 'none', zoomOnMouseWheel: true, moveOnMouseMove: true };
  return {
    ...chrome,
    animation: false,
    grid: { left: MAP_INSET, right: MAP_INSET, top: MAP_INSET, bottom: MAP_INSET, containLabel: false, show: true, borderColor: border, borderWidth: 1 },
    legend: { show: false },
    tooltip: {
      ...(chrome.tooltip as object),
      trigger: 'item',
      confine: true,
      formatter: (params: { data: ExplorePoint }, ticket: string, callback: (ticket: string, html: string) => void) =>
        tooltip(params.data[2], params.data[3], (html) => callback(ticket, html)),
    },
    xAxis: axis(state.extent.x),
    yAxis: axis(state.extent.y),
    dataZoom: [
      { ...inside, id: 'zoom-x', xAxisIndex: 0 },
      { ...inside, id: 'zoom-y', yAxisIndex: 0 },
    ],
    brush: {
      xAxisIndex: 0,
      yAxisIndex: 0,
      seriesIndex: [],
      brushMode: 'single',
      transformable: false,
      removeOnClick: true,
      brushStyle: { borderWidth: 1, color: 'rgba(120,140,170,0.14)', borderColor: '#7a8599' },
    },
    series: [
      ...byDigit.map((data, digit) => ({
        type: 'scatter',
        name: String(digit),
        data,
        symbolSize: size,
        itemStyle: { color: DIGIT_COLORS[digit], opacity: dimmed ? 0.22 : 0.85 },
        emphasis: { scale: 1.8 },
      })),
      {
        type: 'scatter',
        name: 'selected',
        data: selected,
        symbolSize: size + 2,
        itemStyle: { color: (p: { data: ExplorePoint }) => DIGIT_COLORS[p.data[3] % 10], opacity: 1, borderColor: text, borderWidth: 1 },
        emphasis: { scale: 1.5 },
        z: 3,
      },
      {
        type: 'scatter',
        name: 'marked',
        data: marked,
        symbol: 'circle',
        symbolSize: size + 14,
        itemStyle: { color: 'transparent', borderColor: text, borderWidth: 2 },
        emphasis: { scale: 1.2 },
        z: 4,
      },
    ],
  };
}
