import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The exports of native/blas (blas.cc). Offsets are in bytes, strides in elements. */
export interface BlasAddon {
  /**
   * C = op(A) op(B) + beta C; with `epilogue` 1 the logistic function is then applied to C, with 2 C
   * is multiplied element-wise by y (1 - y), y the m x n matrix at `yOffset`.
   */
  sgemm(
    buffer: ArrayBuffer, transA: boolean, transB: boolean, batch: number, m: number, n: number, k: number,
    aOffset: number, aStride: number, bOffset: number, bStride: number, cOffset: number, beta: number,
    epilogue?: 0 | 1 | 2, yOffset?: number,
  ): void;
  /** Whether sgemm takes epilogues (absent from builds before them). */
  epilogues?: boolean;
  /**
   * One Adam step over several parameters, split over the caller's threads (absent from builds
   * before it): `offsets` holds the byte offsets of p, g, m, v and the output p' for each parameter
   * (m and v are written over), `counts` their sizes.
   */
  adam?(buffer: ArrayBuffer, offsets: Float64Array, counts: Float64Array, beta1: number, beta2: number, stepSize: number, epsilon: number): void;
  /** The RBM's momentum update (inc' = momentum inc + term - decay p, p' = p + inc'), split over the caller's threads; byte offsets. */
  momentum?(buffer: ArrayBuffer, p: number, inc: number, term: number, pOut: number, incOut: number, count: number, momentum: number, decay: number): void;
  /**
   * Sets how many threads each calling thread's products and Adam steps are split over (one count
   * for the process; every caller has its own threads, the library runs single-threaded in each)
   * and returns the count now in force.
   */
  setThreads(threads: number): number;
  threads(): number;
  library: string;
  config: string;
}

export type AddonLoad = { addon: BlasAddon; file: string } | { addon: undefined; reason: string };

const ADDON_PATH = join('native', 'blas', 'build', 'Release', 'workbench_blas.node');

/** native/blas's build output, looked for in the folders above this module (src/ and out/ layouts). */
function findAddon(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, ADDON_PATH);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(folder, 'native', 'blas', 'binding.gyp'))) return candidate;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Why the install did not build the addon, as native/blas/build.mjs wrote it. */
function buildFailure(addonFile: string): string | undefined {
  const note = join(dirname(dirname(addonFile)), 'not-built.txt');
  return existsSync(note) ? readFileSync(note, 'utf8').trim() : undefined;
}

/**
 * Loads the native BLAS addon unless WORKBENCH_NATIVE_BLAS=0; WORKBENCH_NATIVE_BLAS_ADDON names
 * another build of it. Never throws: when it cannot load, `reason` says why.
 */
export function loadBlasAddon(env: NodeJS.ProcessEnv = process.env): AddonLoad {
  if (env.WORKBENCH_NATIVE_BLAS === '0') return { addon: undefined, reason: 'turned off by WORKBENCH_NATIVE_BLAS=0' };
  const file = env.WORKBENCH_NATIVE_BLAS_ADDON ?? findAddon();
  if (!file || !existsSync(file)) {
    const failure = file ? buildFailure(file) : undefined;
    if (failure) return { addon: undefined, reason: `native BLAS addon not built at install: ${failure}` };
    return { addon: undefined, reason: `native BLAS addon not built (${file ?? ADDON_PATH} not found; npm install builds it where a C++ compiler and OpenBLAS are present)` };
  }
  try {
    const addon = createRequire(import.meta.url)(file) as BlasAddon;
    if (typeof addon.sgemm !== 'function') return { addon: undefined, reason: `${file} is not the workbench's BLAS addon` };
    return { addon, file };
  } catch (error) {
    return { addon: undefined, reason: `native BLAS addon failed to load: ${(error as Error).message.split('\n')[0]}` };
  }
}
