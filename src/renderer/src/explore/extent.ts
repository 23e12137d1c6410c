/** A map's axis ranges: [min, max] on x and y. */
export interface Extent {
  x: [number, number];
  y: [number, number];
}

/**
 * The axes of a map, fixed from all its points (so filtering digits never rescales the map),
 * padded by a share of each side's span; a span of zero is widened to 1 so the axis is valid.
 */
export function mapExtent(points: readonly (readonly [number, number])[], padding = 0.04): Extent {
  const side = (values: number[]): [number, number] => {
    if (values.length === 0) return [0, 1];
    let low = Math.min(...values);
    let high = Math.max(...values);
    if (high - low === 0) {
      low -= 0.5;
      high += 0.5;
    }
    const pad = (high - low) * padding;
    return [low - pad, high + pad];
  };
  return { x: side(points.map((p) => p[0])), y: side(points.map((p) => p[1])) };
}
