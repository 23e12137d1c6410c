import { adapterLabel } from '../../shared/describe-adapter.ts';
import type { ExperimentConfig } from '../../shared/config.ts';
import type { GpuAdapterInfo } from '../../shared/results.ts';
import type { FromEngine } from '../../engine/page/protocol.ts';
import type { RunThread, RunThreadChooser } from '../runner/worker-protocol.ts';
import type { EngineLink } from './engine-link.ts';
import { EngineWindowThread } from './engine-thread.ts';

/** Where the desktop app trains, decided once at start from the engine window's adapter. */
export type EngineChoice = { where: 'engine-window'; adapter: GpuAdapterInfo } | { where: 'main'; reason: string };

/**
 * A hardware adapter → the engine window; no adapter, or a software one (SwiftShader, llvmpipe:
 * slower than wasm) → the main process, as the CLI would choose.
 */
export function chooseEngine(answer: Extract<FromEngine, { type: 'adapter' }>): EngineChoice {
  if (!answer.adapter) return { where: 'main', reason: answer.reason ?? 'the engine window found no WebGPU adapter' };
  if (answer.adapter.software) return { where: 'main', reason: `the engine window's only adapter is a software one (${adapterLabel(answer.adapter)}), slower than wasm` };
  return { where: 'engine-window', adapter: answer.adapter };
}

/** Asks the page for its adapter; no answer within `timeoutMs` counts as none. */
export function probeEngineWindow(link: EngineLink, timeoutMs = 15_000): Promise<EngineChoice> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve({ where: 'main', reason: `the engine window did not answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    const stop = link.onMessage((message) => {
      if (message.type !== 'adapter') return;
      clearTimeout(timer);
      stop();
      resolve(chooseEngine(message));
    });
    link.send({ type: 'probe' });
  });
}

/**
 * The job runner's chooser: runs whose backend is auto or webgpu go to the engine window once it
 * has answered with a hardware adapter; every other run (a named CPU backend, in the config or
 * WORKBENCH_BACKEND, as the engine's own choice honours it; or before the
 * answer, or without a GPU) trains in the main process's worker thread as before.
 */
export function engineWindowChooser(link: EngineLink, choice: () => EngineChoice | undefined): RunThreadChooser {
  return (config: ExperimentConfig): RunThread | undefined => {
    if (choice()?.where !== 'engine-window') return undefined;
    const backend = process.env.WORKBENCH_BACKEND ?? config.backend;
    if (backend !== 'auto' && backend !== 'webgpu') return undefined;
    return new EngineWindowThread(link);
  };
}
