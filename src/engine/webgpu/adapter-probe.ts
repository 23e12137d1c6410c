import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { summarizeAdapter, type AdapterInfoLike, type GpuAdapterSummary } from './adapter-info.ts';

export type AdapterProbe = { adapter: GpuAdapterSummary } | { failure: string };

const PROBE_SCRIPT = `
const { create, globals } = await import(process.argv[1]);
Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
const info = adapter ? adapter.info : undefined;
process.stdout.write(JSON.stringify(info ? { vendor: info.vendor, architecture: info.architecture, description: info.description, device: info.device, isFallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter } : null));
process.exit(0);
`;

let cached: Promise<AdapterProbe> | undefined;

/**
 * Which adapter Dawn would give this machine, asked in a child process: choosing `auto` never
 * loads Dawn here unless the adapter is a GPU worth using, so a software adapter's start-up
 * warnings stay out of the user's terminal and a Vulkan driver that crashes takes only the child.
 */
export function probeAdapter(): Promise<AdapterProbe> {
  cached ??= new Promise((resolve) => {
    let entry: string;
    try {
      entry = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
    } catch (error) {
      resolve({ failure: `the webgpu package (Dawn) is not installed: ${(error as Error).message.split('\n')[0]}` });
      return;
    }
    execFile(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, entry], { timeout: 60_000, encoding: 'utf8' }, (error, stdout) => {
      if (error) {
        const how = error.signal ? `was killed by ${error.signal}` : `failed: ${error.message.split('\n')[0]}`;
        resolve({ failure: `the WebGPU adapter probe (a child process loading Dawn) ${how}` });
        return;
      }
      const info = JSON.parse(stdout.trim() || 'null') as AdapterInfoLike | null;
      resolve(info ? { adapter: summarizeAdapter(info) } : { failure: 'no WebGPU adapter: no GPU driver with Vulkan, Metal or D3D12 was found' });
    });
  });
  return cached;
}
