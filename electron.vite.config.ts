import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

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
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [vue()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
