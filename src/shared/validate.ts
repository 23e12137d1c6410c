import type { z } from 'zod';
import { experimentConfigSchema, type ExperimentConfig } from './config.ts';
import { configFieldSchema, isObjectField } from './config-fields.ts';

export interface FieldError {
  /** Dotted path of the field, e.g. `pretrain.batchSize` or `layers.0`. */
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; config: ExperimentConfig; errors: [] }
  | { ok: false; errors: FieldError[] };

export const INPUT_DIMENSIONS: Record<string, number> = {
  mnist: 784,
  'fashion-mnist': 784,
  'colored-mnist': 2352,
};

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.inclusive === false ? ' (exclusive)' : ''}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'invalid_union':
      return 'is not one of the allowed values';
    default:
      return issue.message;
  }
}

function crossFieldErrors(config: ExperimentConfig): FieldError[] {
  const errors: FieldError[] = [];
  const inputDim = INPUT_DIMENSIONS[config.dataset.name];
  if (inputDim !== undefined && config.layers[0] !== inputDim) {
    errors.push({
      path: 'layers.0',
      message: `must be ${inputDim}, the pixel count of ${config.dataset.name} images (got ${config.layers[0]})`,
    });
  }
  if (config.dataset.name === 'idx' && !config.dataset.path) {
    errors.push({ path: 'dataset.path', message: 'is required for an idx dataset: a folder holding the four IDX files' });
  }
  const trainSize = config.dataset.trainSize;
  if (config.pretrain.batchSize > trainSize) {
    errors.push({ path: 'pretrain.batchSize', message: `must be at most dataset.trainSize (${trainSize})` });
  }
  if (config.finetune.batchSize > trainSize) {
    errors.push({ path: 'finetune.batchSize', message: `must be at most dataset.trainSize (${trainSize})` });
  }
  const plateau = config.finetune.untilPlateau;
  if (plateau && plateau.validationSize > trainSize - config.finetune.batchSize) {
    errors.push({
      path: 'finetune.untilPlateau.validationSize',
      message: `must leave at least one batch to train on: at most dataset.trainSize - finetune.batchSize (${trainSize - config.finetune.batchSize})`,
    });
  }
  if (config.evaluation.tsne.points > config.dataset.testSize) {
    errors.push({ path: 'evaluation.tsne.points', message: `must be at most dataset.testSize (${config.dataset.testSize})` });
  }
  if (new Set(config.arms).size !== config.arms.length) {
    errors.push({ path: 'arms', message: 'must not name an arm twice' });
  }
  if (config.arms.includes('pretrained') && config.pretrain.epochs < 1) {
    errors.push({ path: 'pretrain.epochs', message: 'must be at least 1 when the pretrained arm runs' });
  }
  return errors;
}

/**
 * The cross-field checks on a config that failed its schema, so a form shows them beside the field
 * errors instead of after every other field is fixed; checks that cannot run on what is there are left
 * out, and so are those on a field that already has an error.
 */
function crossFieldErrorsOfInvalid(input: unknown, schemaErrors: readonly FieldError[]): FieldError[] {
  try {
    return crossFieldErrors(input as ExperimentConfig).filter((e) => !schemaErrors.some((s) => s.path === e.path || s.path.startsWith(`${e.path}.`) || e.path.startsWith(`${s.path}.`)));
  } catch {
    return [];
  }
}

/** Keys that would reach an object's prototype rather than a field of the config. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function prototypeKeyError(path: string, key: string): FieldError {
  return { path, message: `"${key}" is not allowed as a field name (it would change an object's prototype)` };
}

/** Every own key of a parsed JSON value (at any depth) that is a prototype key, by its path. */
export function prototypeKeyErrors(value: unknown, path = ''): FieldError[] {
  if (typeof value !== 'object' || value === null) return [];
  const errors: FieldError[] = [];
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) errors.push(prototypeKeyError(keyPath, key));
    else errors.push(...prototypeKeyErrors((value as Record<string, unknown>)[key], keyPath));
  }
  return errors;
}

/** Validates an unknown value as an experiment config; every error names its field. */
export function validateConfig(input: unknown): ValidationResult {
  const prototypeErrors = prototypeKeyErrors(input);
  if (prototypeErrors.length > 0) return { ok: false, errors: prototypeErrors };
  const parsed = experimentConfigSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const base = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: 'is not a known field' }));
      }
      return [{ path: base || '(config)', message: describeIssue(issue) }];
    });
    const schemaErrors = errors.flat();
    return { ok: false, errors: [...schemaErrors, ...crossFieldErrorsOfInvalid(input, schemaErrors)] };
  }
  const errors = crossFieldErrors(parsed.data);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: parsed.data, errors: [] };
}

export class ConfigError extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    this.name = 'ConfigError';
    this.errors = errors;
  }
}

export function parseConfig(input: unknown): ExperimentConfig {
  const result = validateConfig(input);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}

/** Parses a `--set` value: JSON when it parses (numbers, booleans, arrays), a bare string otherwise. */
export function parseSetValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    if (/^\d+(-\d+)+$/.test(raw)) return raw.split('-').map(Number);
    return raw;
  }
}

/** Sets one field by dotted path on a copy of the config; unknown paths are an error naming the path. */
export function setConfigPath(config: ExperimentConfig, path: string, value: unknown): ExperimentConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  const forbidden = keys.find((key) => PROTOTYPE_KEYS.has(key));
  if (forbidden !== undefined) throw new ConfigError([prototypeKeyError(path, forbidden)]);
  let node: Record<string, unknown> = copy;
  for (let i = 0; i < keys.length - 1; i++) {
    let next = node[keys[i]];
    if (next === undefined && isObjectField(keys.slice(0, i + 1))) next = node[keys[i]] = {};
    if (next === null || typeof next !== 'object') {
      throw new ConfigError([{ path, message: `is not a known field ("${keys.slice(0, i + 1).join('.')}" has no sub-fields)` }]);
    }
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (!Object.hasOwn(node, last) && configFieldSchema(keys) === undefined) {
    throw new ConfigError([{ path, message: 'is not a known field' }]);
  }
  node[last] = value;
  return copy as unknown as ExperimentConfig;
}
