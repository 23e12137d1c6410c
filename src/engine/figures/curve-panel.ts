/** A line of a curve panel, already coloured. */
export interface CurveLine {
  name: string;
  color: string;
  dashed?: boolean;
  symbol?: string;
  points: [number, number][];
}

/** A horizontal reference line, e.g. a baseline's or the paper's published error. */
export interface ReferenceLine {
  label: string;
  value: number;
}

/** One panel of a multi-panel curves figure: what it shows, in what units, and its lines. */
export interface CurvePanel {
  title: string;
  xAxisName: string;
  yAxisName: string;
  lines: CurveLine[];
  references?: ReferenceLine[];
}

export interface AxisExtent {
  min: number;
  max: number;
  interval: number;
}

/** A rounded axis range on a step of 1, 2 or 5 x 10^k that holds every value. */
export function niceExtent(values: readonly number[]): AxisExtent {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 1, interval: 0.2 };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const floor = Math.floor(lo / step) * step;
  const ceil = Math.ceil(hi / step) * step;
  return { min: roundTo(floor, step), max: roundTo(ceil, step), interval: step };
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(decimals));
}
