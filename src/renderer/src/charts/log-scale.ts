/**
 * Why a log y-axis cannot show these values, or undefined when it can (every finite value is
 * above zero). A reference line counts like a value: it would have nowhere to go.
 */
export function logScaleProblem(values: readonly number[]): string | undefined {
  const nonPositive = values.filter((v) => Number.isFinite(v) && v <= 0);
  if (nonPositive.length === 0) return undefined;
  const lowest = Math.min(...nonPositive);
  const count = nonPositive.length === 1 ? 'a value' : `${nonPositive.length} values`;
  return `Log scale needs values above 0: this chart has ${count} ≤ 0 (lowest ${lowest.toPrecision(3)})`;
}
