import type { FieldError } from '../../../shared/validate.ts';
import { errorSentence } from './error-text.ts';

/** The messages for one field, as sentences in the form's words; errors on an element (e.g. `layers.2`) name it by position. */
export function messagesFor(errors: readonly FieldError[], path: string): string[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => errorSentence(e));
}

/** Why Start is disabled, in one sentence naming the first bad fields by their labels. */
export function blockingReason(errors: readonly FieldError[]): string {
  if (errors.length === 0) return '';
  const shown = errors.slice(0, 2).map((e) => errorSentence(e, true));
  const more = errors.length > 2 ? ` and ${errors.length - 2} more` : '';
  return `Fix ${errors.length === 1 ? 'this field' : `${errors.length} fields`} to start: ${shown.join('; ')}${more}.`;
}
