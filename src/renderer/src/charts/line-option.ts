import type { ChartOption } from './echarts.ts';
import { chartChrome, valueAxis } from './chrome.ts';
import type { Curve } from './curves.ts';
import { boundsWithReferences } from './reference-axis.ts';

export interface ReferenceLine {
  name: string;
  value: number;
  color: string;
}

/** A line chart over epochs; references (e.g. PCA's error) are drawn as labelled horizontal lines. */
export function lineOption(curves: Curve[], yAxisName: string, references: ReferenceLine[] = []): ChartOption {
  const chrome = chartChrome();
  const series = curves.map((curve, i) => ({
    type: 'line',
    name: curve.name,
    data: curve.points,
    color: curve.color,
    showSymbol: curve.points.length < 40,
    symbolSize: 5,
    lineStyle: { width: 2, type: curve.dashed ? 'dashed' : 'solid' },
    markLine:
      i === 0 && references.length > 0
        ? {
            silent: true,
            symbol: 'none',
            data: references.map((r) => ({
              yAxis: r.value,
              name: r.name,
              lineStyle: { color: r.color, type: 'dotted', width: 1.5 },
              label: { formatter: `${r.name} ${r.value.toFixed(2)}`, position: 'insideEndTop', color: r.color, fontSize: 10 },
            })),
          }
        : undefined,
  }));
  return {
    ...chrome,
    animation: false,
    // The legend has the top row to itself: the y-axis name sits on the row below it, so the two never overlap.
    grid: { left: 8, right: 16, top: 52, bottom: 20, containLabel: true },
    legend: { ...(chrome.legend as object), data: curves.map((c) => c.name) },
    tooltip: { ...(chrome.tooltip as object), valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v)) },
    xAxis: valueAxis('epoch', { minInterval: 1, scale: false, min: 1, max: (extent: { max: number }) => Math.max(extent.max, 2), nameLocation: 'middle', nameGap: 22, splitLine: { show: false } }),
    yAxis: valueAxis(yAxisName, { nameLocation: 'end', nameTextStyle: { align: 'left' }, ...boundsWithReferences(references.map((r) => r.value)) }),
    series,
  };
}
