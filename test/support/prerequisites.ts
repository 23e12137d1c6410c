import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FASHION_MNIST_DEFAULT_FOLDER } from '../../src/engine/data/mnist.ts';
import { loadBlasAddon } from '../../src/engine/native-blas/addon.ts';
import { SKIP_RECORD_ENV } from './prerequisite-notice.ts';

/** Something a test needs that `npm ci` does not install. */
export interface Prerequisite {
  name: string;
  /** Why it is missing; undefined when it is there. */
  missing?: string;
  /** The one command that installs it. */
  install: string;
}

/** Under this variable (set by .ci/run) a missing prerequisite fails the test file instead of skipping it. */
export const REQUIRE_ALL_ENV = 'WORKBENCH_REQUIRE_ALL_TESTS';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromium(): Prerequisite {
  const install = 'apt-get install chromium';
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { name: 'Chromium', install };
  } catch {
    return { name: 'Chromium', install, missing: `no executable at ${CHROMIUM_PATH} (CHROMIUM_PATH)` };
  }
}

export function fashionMnist(): Prerequisite {
  const install = 'apt-get install dataset-fashion-mnist';
  return existsSync(FASHION_MNIST_DEFAULT_FOLDER)
    ? { name: 'Fashion-MNIST', install }
    : { name: 'Fashion-MNIST', install, missing: `no folder ${FASHION_MNIST_DEFAULT_FOLDER}` };
}

/** The native BLAS addon (native/blas), built and loadable. */
export function nativeBlasAddon(): Prerequisite {
  const load = loadBlasAddon();
  return {
    name: 'the native BLAS addon',
    install: 'apt-get install libopenblas-dev g++ && npm run build:blas',
    ...(load.addon ? {} : { missing: load.reason }),
  };
}

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

const ADAPTER_PROBE = `
import { create, globals } from 'webgpu';
Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter();
process.stdout.write(JSON.stringify(adapter ? { description: adapter.info.description || adapter.info.vendor } : { none: true }));
process.exit(0);
`;

function probeWebGpuAdapter(): string | undefined {
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', ADAPTER_PROBE], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
    });
    const answer = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { none?: boolean };
    return answer.none ? 'navigator.gpu.requestAdapter() found no adapter (no Vulkan driver)' : undefined;
  } catch (error) {
    return `the WebGPU probe failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** A WebGPU adapter through the `webgpu` package (Dawn): a GPU driver, or Mesa's software Vulkan (llvmpipe). */
export function webgpuAdapter(): Prerequisite {
  const install = "apt-get install -t bookworm-backports mesa-vulkan-drivers (Mesa 25; add Debian's bookworm-backports suite first)";
  const cacheFolder = process.env[SKIP_RECORD_ENV];
  const cache = cacheFolder ? join(cacheFolder, 'webgpu-probe.json') : undefined;
  let missing: string | undefined;
  if (cache && existsSync(cache)) {
    missing = (JSON.parse(readFileSync(cache, 'utf8')) as { missing?: string }).missing;
  } else {
    missing = probeWebGpuAdapter();
    if (cache) writeFileSync(cache, JSON.stringify({ missing }));
  }
  return { name: 'a WebGPU adapter', install, missing };
}

function recordSkip(prerequisite: Prerequisite, testFile: string): void {
  const folder = process.env[SKIP_RECORD_ENV];
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  const line = JSON.stringify({ name: prerequisite.name, missing: prerequisite.missing, install: prerequisite.install, testFile });
  writeFileSync(join(folder, `skip-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`), line);
}

/**
 * True when the prerequisite is there. When it is not: false (the caller skips its tests, and the
 * run ends with a notice naming it), or, under WORKBENCH_REQUIRE_ALL_TESTS=1, an error naming it.
 */
export function needs(prerequisite: Prerequisite, testFile: string): boolean {
  if (prerequisite.missing === undefined) return true;
  if (process.env[REQUIRE_ALL_ENV] === '1') {
    throw new Error(
      `${prerequisite.name} is required (${REQUIRE_ALL_ENV}=1) but missing: ${prerequisite.missing}; install it with: ${prerequisite.install}`,
    );
  }
  recordSkip(prerequisite, testFile.startsWith('file:') ? fileURLToPath(testFile) : testFile);
  return false;
}
