// Builds the optional native BLAS addon at install. Never fails the install: without a compiler
// or a BLAS library the workbench keeps its WebAssembly products and says why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const skip = (reason) => {
  console.warn(`native BLAS addon not built (${reason}); matrix products stay on WebAssembly`);
  // The workbench reads this back to say why its products run on WebAssembly.
  rmSync(join(here, 'build'), { recursive: true, force: true });
  mkdirSync(join(here, 'build'), { recursive: true });
  writeFileSync(join(here, 'build', 'not-built.txt'), `${reason}\n`);
  process.exit(0);
};

if (process.env.WORKBENCH_NATIVE_BLAS === '0') skip('WORKBENCH_NATIVE_BLAS=0');
const library = process.env.WORKBENCH_BLAS_LIBRARY ?? 'openblas';
if (!/^[\w.+-]+$/.test(library)) skip(`WORKBENCH_BLAS_LIBRARY must be a library name such as openblas (got "${library}")`);
const header = process.env.WORKBENCH_BLAS_HEADER ?? 'cblas.h';
if (!/^[\w./+-]+\.h$/.test(header)) skip(`WORKBENCH_BLAS_HEADER must be a header name such as cblas.h (got "${header}")`);
// npm hands lifecycle scripts its bundled node-gyp; outside npm, npm's own copy or one on PATH.
const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const nodeGyp = process.env.npm_config_node_gyp ?? (existsSync(bundled) ? bundled : undefined);
const [command, args] = nodeGyp ? [process.execPath, [nodeGyp]] : ['node-gyp', []];
// Node's own headers where the install has them, so node-gyp needs no download.
const prefix = join(dirname(process.execPath), '..');
const nodeDir = process.env.npm_config_nodedir ?? (existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined);
const result = spawnSync(command, [...args, 'rebuild', '--release', `--blas_library=${library}`, `--blas_header=${header}`, ...(nodeDir ? [`--nodedir=${nodeDir}`] : [])], {
  cwd: here,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  shell: !nodeGyp && process.platform === 'win32',
});
if (result.error || result.status !== 0) {
  const lines = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n');
  // The compiler's or linker's own words, not node-gyp's stack trace.
  const ownWords = (pattern) => lines.find((line) => pattern.test(line) && !line.startsWith('gyp '));
  const cause = ownWords(/fatal error|cannot find|not found/i) ?? ownWords(/error/i) ?? lines.find((line) => line.startsWith('gyp ERR!')) ?? '';
  skip(`${result.error?.message ?? `node-gyp exited ${result.status}`}${cause ? `: ${cause.trim()}` : ''}`);
}
console.log(`native BLAS addon built against ${library} (${header})`);
