import type { FieldKind } from './fields.ts';

/** How a config value is shown in its input. */
export function formatFieldValue(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'layers' && Array.isArray(value)) return value.join('-');
  return String(value);
}

/**
 * Turns typed text into a config value. Text that is not a number stays a string, so the
 * shared schema reports it ("must be a number") instead of the form guessing.
 */
export function parseFieldText(kind: FieldKind, text: string): unknown {
  const trimmed = text.trim();
  if (kind === 'text') return trimmed === '' ? undefined : trimmed;
  if (kind === 'layers') {
    const parts = trimmed.split(/[\s,\-x×]+/).filter(Boolean);
    return parts.map((p) => (/^[+]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(p) ? Number(p) : p));
  }
  if (kind === 'optional-number' && trimmed === '') return undefined;
  if (kind === 'int' || kind === 'number' || kind === 'optional-number') {
    if (trimmed === '') return trimmed;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : trimmed;
  }
  return trimmed;
}

/** Short display of a default value, e.g. `0.0002` or `784-1000-500-250-30`. */
export function formatDefault(kind: FieldKind, value: unknown): string {
  if (kind === 'set' && Array.isArray(value)) return value.join(', ') || 'none';
  if (kind === 'bool') return value ? 'on' : 'off';
  if (kind === 'optional-number' && value === undefined) return 'auto';
  return formatFieldValue(kind, value);
}
