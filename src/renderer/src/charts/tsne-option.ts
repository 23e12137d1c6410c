import type { EmbeddingMap } from '../../../shared/results.ts';
import { DIGIT_COLORS } from '../palette.ts';
import type { ChartOption } from './echarts.ts';
import { chartChrome } from './chrome.ts';

/**
 * Renders the hovered point's tooltip (e.g. the digit image) from its test-image index and digit;
 * `update` replaces the shown HTML later, when something it waited for (the image) arrives.
 */
export type PointTooltip = (index: number, digit: number, update: (html: string) => void) => string;

/** A 2-d map with one scatter series per digit, so the legend doubles as a digit filter. */
export function tsneOption(map: EmbeddingMap, tooltip: PointTooltip): ChartOption {
  const chrome = chartChrome();
  const byDigit = new Map<number, [number, number, number][]>();
  map.points.forEach(([x, y], i) => {
    const digit = map.labels[i];
    let list = byDigit.get(digit);
    if (!list) byDigit.set(digit, (list = []));
    list.push([x, y, map.indices[i] ?? i]);
  });
  const digits = [...byDigit.keys()].sort((a, b) => a - b);
  const hiddenAxis = { type: 'value', scale: true, axisLabel: { show: false }, axisTick: { show: false }, axisLine: { show: false }, splitLine: { show: false } };
  return {
    ...chrome,
    animation: false,
    grid: { left: 4, right: 4, top: 4, bottom: 4 },
    legend: { show: false, data: digits.map(String) },
    tooltip: {
      ...(chrome.tooltip as object),
      trigger: 'item',
      formatter: (params: { data: [number, number, number]; seriesName: string }, ticket: string, callback: (ticket: string, html: string) => void) =>
        tooltip(params.data[2], Number(params.seriesName), (html) => callback(ticket, html)),
    },
    xAxis: hiddenAxis,
    yAxis: hiddenAxis,
    series: digits.map((digit) => ({
      type: 'scatter',
      name: String(digit),
      data: byDigit.get(digit),
      symbolSize: map.points.length > 1500 ? 3 : 5,
      itemStyle: { color: DIGIT_COLORS[digit % DIGIT_COLORS.length], opacity: 0.85 },
      emphasis: { scale: 2 },
    })),
  };
}
