import * as tf from '@tensorflow/tfjs';
import { heapOffset, wasmKernelsOf, type WasmBackendLike, type WasmKernels } from './instance.ts';

/**
 * Registers a one-output wasm kernel that runs a function of kernels.wat on the backend's heap:
 * `run` gets the byte offsets of the named inputs and of a fresh output of `outputShape`.
 */
export function registerHeapKernel(
  name: string,
  inputNames: string[],
  outputShape: (inputShapes: number[][]) => number[],
  run: (kernels: WasmKernels, inputs: number[], output: number, inputShapes: number[][], attrs: Record<string, number>) => void,
): void {
  if (tf.getKernel(name, 'wasm')) return;
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as WasmBackendLike;
      const infos = inputNames.map((n) => inputs[n] as tf.TensorInfo);
      const shapes = infos.map((info) => info.shape);
      const out = b.makeOutput(outputShape(shapes), 'float32');
      run(wasmKernelsOf(b)!, infos.map((info) => heapOffset(b, info)), heapOffset(b, out), shapes, attrs as unknown as Record<string, number>);
      return out;
    },
  });
}

/** Whether the active backend is wasm with the workbench kernels bound to its heap. */
export function heapKernelsActive(): boolean {
  return tf.getBackend() === 'wasm' && wasmKernelsOf(tf.backend() as unknown as WasmBackendLike) !== undefined;
}
