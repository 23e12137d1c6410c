/** The data extent ECharts hands to an axis's `min`/`max` functions. */
export interface DataExtent {
  min: number;
  max: number;
}

/** An axis bound: a number fixes it; undefined leaves ECharts' own rounded bound. */
export type AxisBound = (extent: DataExtent) => number | undefined;

/** Share of the visible range left free beyond the outermost reference line, so its label stays inside the plot. */
const MARGIN = 0.08;

/**
 * Axis bounds that hold the data and every reference line (ECharts' own extent ignores markLines,
 * so a baseline better than every curve would fall off the chart). Where the data already reach
 * past every reference, ECharts keeps its own bound; otherwise the bound goes a margin beyond the
 * reference, rounded outwards to a tick.
 */
export function boundsWithReferences(references: readonly number[]): { min?: AxisBound; max?: AxisBound } {
  const values = references.filter(Number.isFinite);
  if (values.length === 0) return {};
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const range = (extent: DataExtent) => Math.max(extent.max, highest) - Math.min(extent.min, lowest) || Math.abs(lowest) || 1;
  // About the tick interval ECharts picks (1, 2 or 5 x 10^k for some five ticks), so the bound falls on a tick.
  const step = (span: number) => {
    const raw = span / 5;
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    return ([1, 2, 5, 10].map((f) => f * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude);
  };
  return {
    min: (extent) => {
      if (lowest >= extent.min) return undefined;
      const span = range(extent);
      return Math.floor((lowest - MARGIN * span) / step(span)) * step(span);
    },
    max: (extent) => {
      if (highest <= extent.max) return undefined;
      const span = range(extent);
      return Math.ceil((highest + MARGIN * span) / step(span)) * step(span);
    },
  };
}
