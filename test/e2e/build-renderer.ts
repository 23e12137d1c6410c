import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
export const BUILT_RENDERER = resolve(ROOT, 'out/renderer');
const RENDERER_SOURCES = [resolve(ROOT, 'src/renderer'), resolve(ROOT, 'src/shared')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when `npm run build` left a renderer newer than every source it is built from. */
export function builtRendererIsFresh(dir = BUILT_RENDERER): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return RENDERER_SOURCES.every((source) => newestMtime(source) < built);
}

/** Builds only the renderer (as electron-vite would) into `outDir`, where a host can serve it from. */
export async function buildRenderer(outDir = BUILT_RENDERER): Promise<string> {
  await build({
    root: resolve(ROOT, 'src/renderer'),
    base: './',
    plugins: [vue()],
    logLevel: 'error',
    configFile: false,
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4000, minify: false },
  });
  return outDir;
}

/** The fresh `npm run build` output if there is one, else a new build in `scratchDir`. */
export async function rendererForTests(scratchDir: string): Promise<string> {
  return builtRendererIsFresh() ? BUILT_RENDERER : buildRenderer(scratchDir);
}
