/** Flattens a JSON object to `dotted.path -> value` rows; arrays stay whole (`[784, 1000, 30]`). */
export function flattenConfig(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [[prefix, Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : formatLeaf(value)]];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    child === undefined ? [] : flattenConfig(child, prefix ? `${prefix}.${key}` : key),
  );
}

function formatLeaf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
