import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/*
 * The engine window runs the engine's own modules; what in them is Node-only is swapped here, at
 * build time, for what a page can offer:
 * - src/engine/backend.ts (tfjs-node, wasm with native BLAS, Dawn) → page-backend.ts (Chromium's WebGPU);
 * - `node:*` modules → stand-ins whose functions throw if ever called. The paths that call them are
 *   not taken in the page: the dataset arrives in the start message (no fs), `parallel: false` keeps
 *   the second arm in this thread (no worker_threads), the main process checks the run's size
 *   against the machine before it sends the run (os.totalmem reports no limit here), and t-SNE runs
 *   in this thread for the map sizes the page is given;
 * - `webgpu` (dawn.node) → nothing: the page has its own navigator.gpu.
 */


const VIRTUAL = '\0engine-page-stand-in:';

const UNAVAILABLE = `const unavailable = (name) => () => { throw new Error(name + ' is Node-only and not available in the engine window'); };`;

/** What each stand-in exports: every name src/engine imports from that module. */
const STAND_INS: Record<string, string> = {
  'node:os': `export const availableParallelism = () => 1; export const totalmem = () => Number.MAX_SAFE_INTEGER; export const freemem = () => Number.MAX_SAFE_INTEGER; export const cpus = () => [];`,
  'node:buffer': `export const constants = { MAX_LENGTH: 2 ** 32 };`,
  'node:worker_threads': `export const parentPort = null; export const workerData = undefined; export const isMainThread = true; export const Worker = unavailable('worker_threads.Worker');`,
  'node:fs': `export const existsSync = () => false; export const readFileSync = unavailable('fs.readFileSync'); export const createReadStream = unavailable('fs.createReadStream'); export const statSync = unavailable('fs.statSync');`,
  'node:fs/promises': `export const readFile = unavailable('fs.readFile'); export const open = unavailable('fs.open'); export const stat = unavailable('fs.stat');`,
  'node:path': `export const join = (...parts) => parts.join('/'); export const dirname = (p) => p.replace(/\\/[^/]*$/, ''); export const extname = (p) => (/\\.[^./]*$/.exec(p) ?? [''])[0]; export const resolve = join; export const basename = (p) => p.replace(/^.*\\//, '');`,
  'node:url': `export const fileURLToPath = (u) => String(u).replace(/^file:\\/\\//, ''); export const pathToFileURL = (p) => new URL('file://' + p);`,
  'node:module': `export const createRequire = () => unavailable('require');`,
  'node:child_process': `export const execFile = unavailable('child_process.execFile');`,
  'node:zlib': `export const createGunzip = unavailable('zlib.createGunzip');`,
  webgpu: `export const create = unavailable('webgpu.create'); export const globals = {};`,
};

/** `engineDir`: the absolute path of src/engine (a bundled Vite config has no reliable import.meta.dirname). */
export function enginePagePlatform(engineDir: string): Plugin {
  const substitutes: Record<string, string> = { [resolve(engineDir, 'backend.ts')]: resolve(engineDir, 'page/page-backend.ts') };
  return {
    name: 'workbench-engine-page-platform',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const bare = source.startsWith('node:') ? source : ['os', 'fs', 'path', 'url', 'module', 'buffer', 'zlib', 'child_process', 'worker_threads', 'fs/promises'].includes(source) ? `node:${source}` : source;
      if (bare in STAND_INS) return VIRTUAL + bare;
      if (source.startsWith('node:')) return this.error(`the engine page imports ${source}, which has no stand-in: add one in page-platform-plugin.ts`);
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved && substitutes[resolved.id]) return substitutes[resolved.id];
      return resolved;
    },
    load(id) {
      if (id.startsWith(VIRTUAL)) return `${UNAVAILABLE}\n${STAND_INS[id.slice(VIRTUAL.length)]}`;
      return undefined;
    },
  };
}
