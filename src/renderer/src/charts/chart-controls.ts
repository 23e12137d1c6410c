import { emaSmooth } from './ema.ts';
import { timeUnitFor, toWallClock, type ClockTable, type TimeUnit, type XAxisMode } from './wall-clock.ts';

/** What a chart's control row has set. */
export interface ChartControlState {
  /** Exponential moving average weight, 0 (off) to 0.99. */
  smoothing: number;
  log: boolean;
  xAxis: XAxisMode;
  /** The zoom window in percent of the x range. */
  zoom: { start: number; end: number };
}

export const DEFAULT_CONTROLS: ChartControlState = { smoothing: 0, log: false, xAxis: 'epoch', zoom: { start: 0, end: 100 } };

/** The zoom window in x values (ECharts' startValue/endValue), as an export applies it. */
export interface ZoomValues {
  startValue: number;
  endValue: number;
}

/** The controls as they apply to one option: log and wall-clock only where the chart allows them. */
export interface AppliedControls {
  smoothing: number;
  log: boolean;
  /** Training times per curve name when the x-axis shows them. */
  clock?: ClockTable;
  /** Screen: the window in percent, with a slider; export: the window in values, no slider. */
  zoom?: { start: number; end: number } | ZoomValues;
  /** Colours of the zoom slider (the page's theme). */
  sliderStyle?: Record<string, unknown>;
}

type Point = [number, number];
type Obj = Record<string, unknown>;

/** Opacity of the raw curve drawn behind its smoothed one. */
export const RAW_OPACITY = 0.25;
/** Id prefix of those raw curves. */
export const RAW_ID_PREFIX = 'raw:';
const SLIDER_SPACE = 24;

function isPointList(data: unknown): data is Point[] {
  return Array.isArray(data) && data.every((p) => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number');
}

function axesOf(value: unknown): Obj[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Obj[];
}

function sameShape(original: unknown, axes: Obj[]): unknown {
  return Array.isArray(original) ? axes : axes[0];
}

/** The unit training time is shown in: from the longest time of any curve. */
export function clockUnit(clock: ClockTable): TimeUnit {
  let longest = 0;
  for (const times of clock.values()) for (const t of times.values()) longest = Math.max(longest, t);
  return timeUnitFor(longest);
}

function lineSeries(option: Obj): Obj[] {
  return ((option.series as Obj[] | undefined) ?? []).filter((s) => s.type === 'line' && isPointList(s.data));
}

/** Every y value the option's line series and reference lines hold (what a log axis must fit). */
export function yValuesOf(option: Obj): number[] {
  const values: number[] = [];
  for (const s of lineSeries(option)) {
    for (const p of s.data as Point[]) values.push(p[1]);
    const marks = (s.markLine as { data?: { yAxis?: unknown }[] } | undefined)?.data ?? [];
    for (const m of marks) if (typeof m.yAxis === 'number') values.push(m.yAxis);
  }
  return values;
}

/** The series of one line after the x-axis mapping and smoothing: the smoothed line, then its raw curve, faint. */
function controlledSeries(series: Obj, controls: AppliedControls, unit: TimeUnit | undefined): Obj[] {
  if (series.type !== 'line' || !isPointList(series.data)) return [series];
  const name = String(series.name ?? '');
  const points: Point[] = controls.clock && unit ? toWallClock(series.data, controls.clock.get(name), unit) : series.data;
  if (controls.smoothing <= 0) return [{ ...series, data: points }];
  const smoothed = emaSmooth(
    points.map((p) => p[1]),
    controls.smoothing,
  );
  const lineStyle = (series.lineStyle as Obj | undefined) ?? {};
  return [
    { ...series, data: points.map((p, i): Point => [p[0], smoothed[i]]) },
    {
      ...series,
      id: `${RAW_ID_PREFIX}${name}`,
      data: points,
      markLine: undefined,
      showSymbol: false,
      symbol: 'none',
      silent: true,
      z: 1,
      tooltip: { show: false },
      emphasis: { disabled: true },
      lineStyle: { ...lineStyle, width: 1.5, opacity: RAW_OPACITY },
    },
  ];
}

/**
 * `option` with the chart controls applied: each line's points over training time instead of
 * epochs, smoothed with its raw curve kept faint behind, a log y-axis, and the zoom window (a
 * slider and wheel/drag zoom on screen; a fixed window in an export). Works on the app's line
 * option (one axis each) and on the exported figure (axes as arrays).
 */
export function applyControls(option: Obj, controls: AppliedControls): Obj {
  const unit = controls.clock ? clockUnit(controls.clock) : undefined;
  const series = ((option.series as Obj[] | undefined) ?? []).flatMap((s) => controlledSeries(s, controls, unit));
  const xAxes = axesOf(option.xAxis).map((axis) =>
    unit ? { ...axis, name: unit.axisName, min: 0, max: 'dataMax', minInterval: 0, interval: undefined } : axis,
  );
  const zoomValues = controls.zoom && 'startValue' in controls.zoom ? controls.zoom : undefined;
  const zoomPercent = controls.zoom && 'start' in controls.zoom ? controls.zoom : undefined;
  const yAxes = axesOf(option.yAxis).map((axis) => {
    // An export's fixed y range was fitted to every epoch; a log axis or a zoom window needs ECharts' own.
    const refit = controls.log || zoomValues ? { min: undefined, max: undefined, interval: undefined, scale: true } : {};
    return { ...axis, ...refit, ...(controls.log ? { type: 'log', logBase: 10, min: undefined, max: undefined } : {}) };
  });
  const result: Obj = { ...option, series, xAxis: sameShape(option.xAxis, xAxes), yAxis: sameShape(option.yAxis, yAxes) };
  const xAxisIndex = xAxes.map((_, i) => i);
  if (zoomPercent) {
    result.dataZoom = [
      { type: 'inside', xAxisIndex, start: zoomPercent.start, end: zoomPercent.end, zoomOnMouseWheel: 'shift', moveOnMouseWheel: false, moveOnMouseMove: true },
      { type: 'slider', xAxisIndex, start: zoomPercent.start, end: zoomPercent.end, height: 12, bottom: 4, showDetail: false, brushSelect: false, ...controls.sliderStyle },
    ];
    const grid = option.grid as Obj | undefined;
    if (grid && !Array.isArray(grid)) result.grid = { ...grid, bottom: Number(grid.bottom ?? 20) + SLIDER_SPACE };
  } else if (zoomValues) {
    result.dataZoom = [{ type: 'inside', xAxisIndex, startValue: zoomValues.startValue, endValue: zoomValues.endValue, disabled: true }];
  }
  return result;
}

function short(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/**
 * What the controls changed, for an exported figure's title: e.g. `smoothed 0.60 · log scale ·
 * epochs 3–10 shown` (`xAxisName` names a zoom window's values off the time axis). Empty when
 * the chart is drawn as recorded.
 */
export function controlsSummary(controls: AppliedControls, window?: ZoomValues, xAxisName = 'epoch'): string {
  const parts: string[] = [];
  if (controls.smoothing > 0) parts.push(`smoothed ${controls.smoothing.toFixed(2)}`);
  if (controls.log) parts.push('log scale');
  if (controls.clock) parts.push('over training time');
  if (window) {
    const range = `${short(window.startValue)}–${short(window.endValue)}`;
    parts.push(controls.clock ? `${range} ${clockUnit(controls.clock).short} shown` : `${xAxisName === 'epoch' ? 'epochs' : xAxisName} ${range} shown`);
  }
  return parts.join(' · ');
}
