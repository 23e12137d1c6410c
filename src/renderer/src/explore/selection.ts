/** A brushed area in data coordinates, as ECharts reports it (`coordRange`): a rectangle or a lasso polygon. */
export type BrushArea = { brushType: 'rect'; coordRange: [[number, number], [number, number]] } | { brushType: 'polygon'; coordRange: [number, number][] };

/** Ray casting: is (x, y) inside the polygon (vertices in order, closed implicitly)? */
export function insidePolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideArea(x: number, y: number, area: BrushArea): boolean {
  if (area.brushType === 'rect') {
    const [[x0, x1], [y0, y1]] = area.coordRange;
    return x >= Math.min(x0, x1) && x <= Math.max(x0, x1) && y >= Math.min(y0, y1) && y <= Math.max(y0, y1);
  }
  return area.coordRange.length >= 3 && insidePolygon(x, y, area.coordRange);
}

/**
 * The test-image indices of the shown points that fall in any brushed area (sorted). Hidden
 * points (filtered out) are never selected: what is selected is what the user saw inside.
 */
export function selectInAreas(points: readonly (readonly [number, number])[], indices: readonly number[], visible: readonly boolean[], areas: readonly BrushArea[]): number[] {
  const selected: number[] = [];
  points.forEach(([x, y], position) => {
    if (visible[position] && areas.some((area) => insideArea(x, y, area))) selected.push(indices[position]);
  });
  return selected.sort((a, b) => a - b);
}

/** How many selected images show each digit, e.g. "3 ×12, 5 ×4", most first. */
export function selectionDigits(selected: Iterable<number>, indices: readonly number[], labels: readonly number[]): { digit: number; count: number }[] {
  const labelOf = new Map<number, number>();
  indices.forEach((index, position) => labelOf.set(index, labels[position]));
  const counts = new Map<number, number>();
  for (const index of selected) {
    const digit = labelOf.get(index);
    if (digit !== undefined) counts.set(digit, (counts.get(digit) ?? 0) + 1);
  }
  return [...counts].map(([digit, count]) => ({ digit, count })).sort((a, b) => b.count - a.count || a.digit - b.digit);
}
