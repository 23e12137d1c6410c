import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where `npm run build` puts the renderer, and where `workbench serve` looks for it. */
export const DEFAULT_RENDERER_DIR = resolve(ROOT, 'out/renderer');
/** Every folder the renderer bundle is built from. */
const RENDERER_SOURCES = ['src/renderer', 'src/shared', 'src/engine/figures'].map((path) => resolve(ROOT, path));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when `dir` holds a renderer newer than every source it is built from. */
export function rendererIsFresh(dir = DEFAULT_RENDERER_DIR): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return RENDERER_SOURCES.every((source) => !existsSync(source) || newestMtime(source) < built);
}

/**
 * Builds only the UI renderer (as electron-vite's renderer step does) into `outDir`; Vite is loaded only when needed.
 * The folder is not emptied: `npm run build` also puts the desktop app's engine page (engine.html) there.
 */
export async function buildRenderer(outDir = DEFAULT_RENDERER_DIR, options: { minify?: boolean } = {}): Promise<string> {
  const [{ build }, { default: vue }] = await Promise.all([import('vite'), import('@vitejs/plugin-vue')]);
  await build({
    root: resolve(ROOT, 'src/renderer'),
    base: './',
    plugins: [vue()],
    logLevel: 'error',
    configFile: false,
    build: { outDir, emptyOutDir: false, reportCompressedSize: false, chunkSizeWarningLimit: 4000, minify: options.minify ?? true },
  });
  return outDir;
}

/**
 * The renderer in `dir`, built first when it is missing; with `rebuildStale` (the default folder, which
 * `npm run build` also writes) also when it is older than its sources. A folder the user named is otherwise left as it is.
 */
export async function ensureRenderer(dir: string, log: (line: string) => void, options: { rebuildStale: boolean }): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  if (built && (!options.rebuildStale || rendererIsFresh(dir))) return;
  log(`${built ? 'rebuilding the renderer (its sources changed)' : 'building the renderer'} into ${dir} …`);
  const started = Date.now();
  try {
    await buildRenderer(dir);
  } catch (error) {
    throw new Error(`could not build the renderer into ${dir}: ${(error as Error).message} (npm run build builds it too)`, { cause: error });
  }
  log(`renderer built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
