import type { ChartOption } from '../charts/echarts.ts';
import { ARM_COLORS } from '../palette.ts';
import { isNumericField, type FieldValue } from './config-fields.ts';
import { resultColumn, type ResultKey } from './result-columns.ts';
import type { RunRow } from './run-rows.ts';

/** The results each line ends on, after the hyperparameters. */
export const PARALLEL_RESULTS: readonly ResultKey[] = ['testSSE', 'logregAccuracy'];

export interface ParallelStyle {
  muted: string;
  border: string;
}

export interface ParallelAxis {
  dim: number;
  name: string;
  type: 'value' | 'category';
  data?: string[];
  /** 1 for a field of whole numbers (epochs, seeds): no ticks at 1.2, 1.4. */
  minInterval?: number;
}

/** `finetune.learningRate` on two lines, so neighbouring axis names do not run into each other. */
function axisTitle(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : `${path.slice(0, dot + 1)}\n${path.slice(dot + 1)}`;
}

/** The axes: each field (a value axis when every value is a number, else categories), the arm when rows differ in it, then the results with units. */
export function parallelAxes(rows: readonly RunRow[], fields: readonly string[]): ParallelAxis[] {
  const axes: ParallelAxis[] = fields.map((path, dim) => {
    const values = rows.map((r) => r.config.get(path) ?? null);
    if (!isNumericField(values)) return { dim, name: axisTitle(path), type: 'category', data: [...new Set(values.map(categoryOf))].sort() };
    const whole = values.every((v) => v === null || Number.isInteger(v));
    return whole ? { dim, name: axisTitle(path), type: 'value', minInterval: 1 } : { dim, name: axisTitle(path), type: 'value' };
  });
  if (new Set(rows.map((r) => r.arm)).size > 1) axes.push({ dim: axes.length, name: 'arm', type: 'category', data: [...new Set(rows.map((r) => r.arm))].sort() });
  for (const key of PARALLEL_RESULTS) {
    const column = resultColumn(key);
    axes.push({ dim: axes.length, name: `${column.label.toLowerCase()}\n(${column.unit})`, type: 'value' });
  }
  return axes;
}

function categoryOf(value: FieldValue): string {
  return value === null ? '–' : String(value);
}

/** One line's values, axis by axis; '-' where the row has no value (ECharts leaves that stretch out). */
export function lineValues(row: RunRow, fields: readonly string[], axes: readonly ParallelAxis[]): (number | string)[] {
  const values: (number | string)[] = axes.map((axis, dim) => {
    if (dim < fields.length) {
      const value = row.config.get(fields[dim]) ?? null;
      return axis.type === 'value' ? (typeof value === 'number' ? value : '-') : categoryOf(value);
    }
    if (axis.name === 'arm') return row.arm;
    const key = PARALLEL_RESULTS[dim - (axes.length - PARALLEL_RESULTS.length)];
    const value = row.results[key];
    return value === undefined || !Number.isFinite(value) ? '-' : value * resultColumn(key).scale;
  });
  return values;
}

/** The exported figure: the chart on white with its title above the legend, the axes below both (as the CLI's figures look). */
export function parallelFigure(rows: readonly RunRow[], fields: readonly string[], title: string, fontFamily: string): { option: ChartOption; width: number; height: number } {
  const option = parallelOption(rows, fields, { muted: '#5d6878', border: '#c9ced6' }) as Record<string, unknown>;
  const parallel = option.parallel as Record<string, unknown>;
  return {
    option: {
      ...option,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily, color: '#1c2330', fontSize: 11 },
      title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 'bold', color: '#1c2330' } },
      legend: { ...(option.legend as object), top: 28, right: 8 },
      parallel: { ...parallel, top: Number(parallel.top) + 28, bottom: 28 },
    },
    width: Math.max(760, 150 * (fields.length + PARALLEL_RESULTS.length + 1)),
    height: 440,
  };
}

/** Hyperparameters that differ between the runs against their results: one line per run and arm, one series (and legend entry) per arm. */
export function parallelOption(rows: readonly RunRow[], fields: readonly string[], style: ParallelStyle): ChartOption {
  const axes = parallelAxes(rows, fields);
  const arms = [...new Set(rows.map((r) => r.arm))];
  return {
    animation: false,
    legend: { top: 0, right: 0, data: arms, textStyle: { color: style.muted }, itemWidth: 14, itemHeight: 8 },
    tooltip: { trigger: 'item' },
    parallel: {
      left: 48,
      right: 72,
      top: 64,
      bottom: 24,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 12,
        nameTextStyle: { color: style.muted, fontSize: 10, lineHeight: 12 },
        axisLabel: { color: style.muted, fontSize: 10 },
        axisLine: { lineStyle: { color: style.border } },
        axisTick: { lineStyle: { color: style.border } },
        scale: true,
      },
    },
    parallelAxis: axes,
    series: arms.map((arm) => ({
      type: 'parallel',
      name: arm,
      color: ARM_COLORS[arm] ?? '#888',
      lineStyle: { width: 2, opacity: 0.75, type: arm === 'random' ? 'dashed' : 'solid' },
      emphasis: { lineStyle: { width: 3, opacity: 1 } },
      data: rows.filter((r) => r.arm === arm).map((row) => ({ name: `${row.runLabel} · ${row.arm}`, value: lineValues(row, fields, axes) })),
    })),
  };
}
