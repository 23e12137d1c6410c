import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../bin/workbench.js');

/** Runs `workbench ARGS` in its own process on wasm with history DB `db`; a non-zero exit is returned, not thrown. */
export async function workbenchProcess(args: string[], db: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, WORKBENCH_BACKEND: 'wasm', WORKBENCH_DB: db } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
