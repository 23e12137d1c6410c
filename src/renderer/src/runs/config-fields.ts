/** One config field's value as a table cell shows it: numbers stay numbers, lists are joined. */
export type FieldValue = string | number | boolean | null;

/** Fields that never describe what a run tried (the run's own label). */
const NOT_HYPERPARAMETERS = new Set(['name']);

/** A config as dotted paths (`pretrain.epochs`) to values; a list of numbers reads `784-64-32-8`, other lists `a, b`. */
export function flattenConfig(config: unknown, prefix = '', into = new Map<string, FieldValue>()): Map<string, FieldValue> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    into.set(prefix, cellValue(config));
    return into;
  }
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (value === undefined) continue;
    flattenConfig(value, prefix ? `${prefix}.${key}` : key, into);
  }
  return into;
}

function cellValue(value: unknown): FieldValue {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'number') ? value.join('-') : value.map(String).join(', ');
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Every path any of the configs has, in first-seen order. */
export function allFields(configs: readonly Map<string, FieldValue>[]): string[] {
  return [...new Set(configs.flatMap((c) => [...c.keys()]))].filter((path) => !NOT_HYPERPARAMETERS.has(path));
}

/** The paths whose value is not the same in every config (a path some configs lack counts as differing). */
export function differingFields(configs: readonly Map<string, FieldValue>[]): string[] {
  return allFields(configs).filter((path) => {
    const values = configs.map((c) => (c.has(path) ? JSON.stringify(c.get(path)) : 'absent'));
    return new Set(values).size > 1;
  });
}

/** Whether every present value of a field is a number (it then sorts, groups and plots as a number). */
export function isNumericField(values: readonly FieldValue[]): boolean {
  const present = values.filter((v) => v !== null && v !== undefined);
  return present.length > 0 && present.every((v) => typeof v === 'number');
}
