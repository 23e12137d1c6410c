// Compiles src/engine/wasm-kernels/kernels.wat into kernels-binary.ts (base64), so the app needs
// no WebAssembly toolchain at run time. A test checks the committed binary matches the source.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const directory = fileURLToPath(new URL('../src/engine/wasm-kernels/', import.meta.url));
export const WAT_PATH = `${directory}kernels.wat`;
export const BINARY_MODULE_PATH = `${directory}kernels-binary.ts`;

export async function compileKernels(wat: string, fileName = 'kernels.wat'): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(fileName, wat, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export function binaryModuleText(binary: Uint8Array): string {
  const base64 = Buffer.from(binary).toString('base64');
  return `// Generated from kernels.wat by \`npm run build:kernels\`; do not edit.\nexport const KERNELS_WASM_BASE64 =\n  '${base64}';\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const binary = await compileKernels(readFileSync(WAT_PATH, 'utf8'), WAT_PATH);
    writeFileSync(BINARY_MODULE_PATH, binaryModuleText(binary));
    console.log(`wrote ${BINARY_MODULE_PATH} (${binary.length} bytes of WebAssembly)`);
  } catch (error) {
    // wabt reports the file, line and column; kernels-binary.ts is left as it was.
    console.error(`build:kernels: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
