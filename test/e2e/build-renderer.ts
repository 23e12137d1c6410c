import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds only the renderer (as electron-vite would) into out/renderer, where the host serves it from. */
export async function buildRenderer(outDir = resolve(ROOT, 'out/renderer')): Promise<string> {
  await build({
    root: resolve(ROOT, 'src/renderer'),
    base: './',
    plugins: [vue()],
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  });
  return outDir;
}
