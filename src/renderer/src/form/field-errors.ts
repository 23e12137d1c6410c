import type { FieldError } from '../../../shared/validate.ts';

/** The messages for one field; errors on an element (e.g. `layers.2`) say which element. */
export function messagesFor(errors: readonly FieldError[], path: string): string[] {
  return errors
    .filter((e) => e.path === path || e.path.startsWith(`${path}.`))
    .map((e) => (e.path === path ? e.message : `(${e.path.slice(path.length + 1)}) ${e.message}`));
}

/** Why Start is disabled, in one sentence naming the first bad fields. */
export function blockingReason(errors: readonly FieldError[]): string {
  if (errors.length === 0) return '';
  const shown = errors.slice(0, 2).map((e) => `${e.path} ${e.message}`);
  const more = errors.length > 2 ? ` and ${errors.length - 2} more` : '';
  return `Fix ${errors.length === 1 ? 'this field' : `${errors.length} fields`} to start: ${shown.join('; ')}${more}.`;
}
