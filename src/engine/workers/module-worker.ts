import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The ESM build of `tsx/esm/api` (require.resolve alone gives the CommonJS one). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
}

/**
 * The file of a worker entry named `name`: the `.ts` source beside `callerUrl` when running from
 * sources (tsx, vitest), else the built `<name>.js` that electron-vite writes to out/main (the
 * caller may sit in out/main or in out/main/chunks).
 */
export function workerScript(callerUrl: string, sourceRelativePath: string, builtName: string): string {
  const caller = fileURLToPath(callerUrl);
  if (extname(caller) === '.ts') return fileURLToPath(new URL(sourceRelativePath, callerUrl));
  const candidates = [join(dirname(caller), `${builtName}.js`), join(dirname(dirname(caller)), `${builtName}.js`)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

/**
 * Starts a worker thread on an ES module. TypeScript sources are loaded through tsx's tsImport
 * from a one-line bootstrap, because Node 20 does not apply `--import tsx` hooks in workers.
 */
export function startModuleWorker(file: string, workerData: unknown): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  const bootstrap = `import(${JSON.stringify(tsxEsmApiUrl())}).then((tsx) => tsx.tsImport(${JSON.stringify(pathToFileURL(file).href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
