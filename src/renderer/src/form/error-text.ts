import type { FieldError } from '../../../shared/validate.ts';
import { FIELD_GROUPS } from './fields.ts';

const SPECS = FIELD_GROUPS.flatMap((g) => g.fields.map((f) => ({ path: f.path, label: f.label, group: g.title })));
/** Longest first, so `finetune.batchSize` is replaced before a shorter path could match inside it. */
const PATHS_BY_LENGTH = [...SPECS].sort((a, b) => b.path.length - a.path.length);

/** A field's label as the form shows it; qualified by its group where two fields share the label (two "Batch size"s). */
export function fieldLabel(path: string, qualified = false): string {
  const spec = SPECS.find((s) => s.path === path);
  if (!spec) return path;
  const shared = SPECS.filter((s) => s.label === spec.label).length > 1;
  return qualified && shared ? `${spec.group} ${spec.label.toLowerCase()}` : spec.label;
}

/** The subject of an error: the field's label, or one element of a list field by its 1-based position. */
function subjectOf(errorPath: string, qualified: boolean): string {
  const spec = PATHS_BY_LENGTH.find((s) => errorPath.startsWith(`${s.path}.`));
  if (spec) {
    const rest = errorPath.slice(spec.path.length + 1);
    if (/^\d+$/.test(rest)) {
      const position = Number(rest) + 1;
      return spec.path === 'layers' ? `Layer ${position} size` : `${fieldLabel(spec.path, qualified)}, item ${position},`;
    }
  }
  return fieldLabel(errorPath, qualified);
}

/** Config paths inside a message (`at most dataset.trainSize (500)`) become the labels the form shows. */
function labelledMessage(message: string): string {
  let text = message;
  for (const spec of PATHS_BY_LENGTH) text = text.replaceAll(spec.path, fieldLabel(spec.path, true).toLowerCase());
  return text;
}

/** One error as a sentence in the form's words: `Layer 1 size must be 784, …`, not `layers.0 must be 784`. */
export function errorSentence(error: FieldError, qualified = false): string {
  return `${subjectOf(error.path, qualified)} ${labelledMessage(error.message)}`;
}
