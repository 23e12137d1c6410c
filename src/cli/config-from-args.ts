import { closeSync, openSync, readSync } from 'node:fs';
import { BACKEND_NAMES, type ExperimentConfig } from '../shared/config.ts';
import { PRESET_NAMES, clonePreset, type PresetName } from '../shared/presets.ts';
import { ConfigError, parseConfig, parseSetValue, prototypeKeyErrors, setConfigPath } from '../shared/validate.ts';
import { flag, type ParsedArgs } from './args.ts';
import { UsageError } from './command.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge field by field; arrays and scalars from `override` replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

/** A config file is a few kilobytes; a bigger one (or a device such as /dev/zero) is refused unread. */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/** The file's text, reading at most one byte past `maxBytes` (so an endless file stops there). */
function readBounded(path: string, maxBytes: number): string {
  const buffer = Buffer.alloc(maxBytes + 1);
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) throw new UsageError(`--config ${path}: the file is larger than the ${maxBytes / 1024 / 1024} MB a config file may have`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readBounded(path, CONFIG_FILE_MAX_BYTES);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${path}: not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new UsageError(`--config ${path}: must hold a JSON object`);
  const prototypeErrors = prototypeKeyErrors(parsed);
  if (prototypeErrors.length > 0) throw new ConfigError(prototypeErrors.map((e) => ({ ...e, message: `${e.message} (in ${path})` })));
  return parsed;
}

function presetByName(name: string): ExperimentConfig {
  if (!(PRESET_NAMES as string[]).includes(name)) {
    throw new ConfigError([{ path: 'preset', message: `unknown preset "${name}" (allowed: ${PRESET_NAMES.join(', ')})` }]);
  }
  return clonePreset(name as PresetName);
}

/**
 * The config a command line describes: `--preset` (or the config file's own `preset`, else
 * `quick`), deep-merged with `--config FILE`, then each `--set path=value`, then `--backend`.
 * Validated once; every error names its field.
 */
export function configFromArgs(parsed: ParsedArgs): ExperimentConfig {
  const file = flag(parsed, 'config');
  const fromFile = file ? readConfigFile(file) : undefined;
  const presetName = flag(parsed, 'preset') ?? (typeof fromFile?.preset === 'string' ? fromFile.preset : 'quick');
  let config = presetByName(presetName);
  if (fromFile) config = deepMerge(config, fromFile) as ExperimentConfig;
  config.preset = presetName;
  for (const assignment of parsed.flags.get('set') ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set takes PATH=VALUE, e.g. --set pretrain.epochs=5 (got "${assignment}")`);
    config = setConfigPath(config, assignment.slice(0, eq), parseSetValue(assignment.slice(eq + 1)));
  }
  const backend = flag(parsed, 'backend');
  if (backend !== undefined) {
    if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
      throw new ConfigError([{ path: 'backend', message: `must be one of ${BACKEND_NAMES.join(', ')} (got "${backend}")` }]);
    }
    config.backend = backend as ExperimentConfig['backend'];
  }
  return parseConfig(config);
}
