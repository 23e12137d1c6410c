import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { enginePagePlatform } from './src/engine/page/page-platform-plugin.ts';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The job runner's worker thread, loaded as out/main/worker.js next to index.js.
          worker: resolve(__dirname, 'src/main/runner/worker.ts'),
          // Engine threads, found by workerScript() as out/main/<name>.js.
          'arm-worker': resolve(__dirname, 'src/engine/pipeline/arm-worker.ts'),
          'tsne-worker': resolve(__dirname, 'src/engine/embedding/tsne-worker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require packages: zod (the contract's validation) is bundled in.
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      rollupOptions: {
        // engine: the hidden engine window's preload (src/main/engine-window), exposing only the engine channel.
        input: { index: resolve(__dirname, 'src/preload/index.ts'), engine: resolve(__dirname, 'src/preload/engine.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // enginePagePlatform: the engine page's stand-ins for the engine's Node-only modules (it touches nothing the UI imports).
    plugins: [vue(), enginePagePlatform(resolve(__dirname, 'src/engine'))],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          // The hidden engine window: the engine on Chromium's WebGPU (src/engine/page).
          engine: resolve(__dirname, 'src/renderer/engine.html'),
        },
      },
    },
  },
});
