import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { enginePagePlatform } from '../../src/engine/page/page-platform-plugin.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where `npm run build` puts the engine page (next to the UI's index.html). */
const BUILT = resolve(ROOT, 'out/renderer');
const SOURCES = ['src/engine', 'src/shared', 'src/renderer/engine.html'].map((path) => resolve(ROOT, path));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds only the engine page (src/renderer/engine.html, as `npm run build` does) into `outDir`. */
export async function buildEnginePage(outDir: string): Promise<string> {
  const { build } = await import('vite');
  await build({
    root: resolve(ROOT, 'src/renderer'),
    base: './',
    plugins: [enginePagePlatform(resolve(ROOT, 'src/engine'))],
    logLevel: 'error',
    configFile: false,
    build: {
      outDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 8000,
      minify: false,
      rollupOptions: { input: { engine: resolve(ROOT, 'src/renderer/engine.html') } },
    },
  });
  return outDir;
}

/** `npm run build`'s engine page when it is newer than its sources, else a fresh build in `scratchDir`. */
export async function enginePageForTests(scratchDir: string): Promise<string> {
  const page = join(BUILT, 'engine.html');
  const fresh = existsSync(page) && SOURCES.every((source) => !existsSync(source) || newestMtime(source) < statSync(page).mtimeMs);
  return fresh ? BUILT : buildEnginePage(scratchDir);
}
