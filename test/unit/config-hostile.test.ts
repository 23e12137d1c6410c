import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../src/cli/args.ts';
import { CONFIG_FILE_MAX_BYTES, configFromArgs } from '../../src/cli/config-from-args.ts';
import { clonePreset } from '../../src/shared/presets.ts';
import { ConfigError, setConfigPath, validateConfig } from '../../src/shared/validate.ts';

const fromArgs = (...args: string[]) => configFromArgs(parseArgs(args, ['preset', 'set', 'config', 'backend']));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('prototype keys in a config', () => {
  it.each(['__proto__.toString', '__proto__.polluted', 'pretrain.constructor.x', 'finetune.prototype'])(
    '--set %s=1 is refused by name and leaves Object.prototype alone',
    (path) => {
      const error = configError(() => fromArgs('--preset', 'smoke', '--set', `${path}=1`));
      expect(error.errors).toHaveLength(1);
      expect(error.errors[0].path).toBe(path);
      expect(error.errors[0].message).toMatch(/"(__proto__|constructor|prototype)" is not allowed as a field name/);
      expect(typeof ({} as Record<string, unknown>).toString).toBe('function');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('a config file with a prototype key at any depth is refused, naming the file and the path', async () => {
    const top = join(dir, 'top.json');
    await writeFile(top, '{"__proto__": {"polluted": 1}, "seed": 3}');
    const topError = configError(() => fromArgs('--config', top));
    expect(topError.errors.map((e) => e.path)).toEqual(['__proto__']);
    expect(topError.message).toContain(top);
    const nested = join(dir, 'nested.json');
    await writeFile(nested, '{"pretrain": {"epochs": 1, "constructor": {"x": 1}}}');
    expect(configError(() => fromArgs('--config', nested)).errors.map((e) => e.path)).toEqual(['pretrain.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validateConfig refuses a parsed payload carrying __proto__ (the host path)', () => {
    const payload = JSON.parse(JSON.stringify(clonePreset('smoke')).replace('"seed"', '"__proto__":{"seed":1},"seed"')) as unknown;
    const result = validateConfig(payload);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.path)).toEqual(['__proto__']);
  });

  it('ordinary paths still set their field', () => {
    expect(setConfigPath(clonePreset('smoke'), 'pretrain.epochs', 7).pretrain.epochs).toBe(7);
    expect(() => setConfigPath(clonePreset('smoke'), 'pretrain.toString', 1)).toThrow(/pretrain.toString: is not a known field/);
  });
});

describe('the size of a config file', () => {
  it('refuses /dev/zero after reading at most the cap, naming the file and the cap', () => {
    expect(CONFIG_FILE_MAX_BYTES).toBe(1024 * 1024);
    expect(() => fromArgs('--config', '/dev/zero')).toThrow(/--config \/dev\/zero: the file is larger than the 1 MB a config file may have/);
  });

  it('refuses a regular file one byte over the cap and reads one at the cap', async () => {
    const body = '{"seed": 5}';
    const atCap = join(dir, 'at-cap.json');
    await writeFile(atCap, body + ' '.repeat(CONFIG_FILE_MAX_BYTES - body.length));
    expect(fromArgs('--preset', 'smoke', '--config', atCap).seed).toBe(5);
    const over = join(dir, 'over.json');
    await writeFile(over, body + ' '.repeat(CONFIG_FILE_MAX_BYTES - body.length + 1));
    expect(() => fromArgs('--config', over)).toThrow(/over\.json: the file is larger than the 1 MB/);
  });
});
