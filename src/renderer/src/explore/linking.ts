/** Test-image index → the point's position in one map (maps of a run may list their points in any order). */
export function positionsByIndex(indices: readonly number[]): Map<number, number> {
  const positions = new Map<number, number>();
  indices.forEach((index, position) => positions.set(index, position));
  return positions;
}

/** The positions, in a map with these point indices, of the given test images; images not in the map are left out. */
export function linkedPositions(testIndices: Iterable<number>, targetIndices: readonly number[]): number[] {
  const positions = positionsByIndex(targetIndices);
  const found: number[] = [];
  for (const index of testIndices) {
    const position = positions.get(index);
    if (position !== undefined) found.push(position);
  }
  return found.sort((a, b) => a - b);
}

/** Which points of a map are shown: their digit is switched on, and the search (if it names digits) names it. */
export function visiblePositions(labels: readonly number[], digitsOn: ReadonlySet<number>, searchDigits: readonly number[] = []): boolean[] {
  const searched = new Set(searchDigits);
  return labels.map((digit) => digitsOn.has(digit) && (searched.size === 0 || searched.has(digit)));
}
