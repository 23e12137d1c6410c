import * as tf from '@tensorflow/tfjs';
import { heapOffset, wasmKernelsOf, type WasmBackendLike, type WasmKernels } from './instance.ts';

type HeapRun<Output> = (
  kernels: WasmKernels,
  inputs: number[],
  output: Output,
  inputShapes: number[][],
  attrs: Record<string, number>,
) => void;

function registerOnHeap(
  name: string,
  inputNames: string[],
  outputShapes: (inputShapes: number[][]) => number[][],
  run: HeapRun<number[]>,
  oneOutput: boolean,
): void {
  if (tf.getKernel(name, 'wasm')) return;
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as WasmBackendLike;
      const infos = inputNames.map((n) => inputs[n] as tf.TensorInfo);
      const shapes = infos.map((info) => info.shape);
      const outs = outputShapes(shapes).map((shape) => b.makeOutput(shape, 'float32'));
      run(wasmKernelsOf(b)!, infos.map((info) => heapOffset(b, info)), outs.map((out) => heapOffset(b, out)), shapes, attrs as unknown as Record<string, number>);
      return oneOutput ? outs[0] : outs;
    },
  });
}

/**
 * Registers a wasm kernel that runs a function of kernels.wat on the backend's heap: `run` gets
 * the byte offsets of the named inputs and of a fresh float32 output of `outputShape`.
 */
export function registerHeapKernel(name: string, inputNames: string[], outputShape: (inputShapes: number[][]) => number[], run: HeapRun<number>): void {
  registerOnHeap(name, inputNames, (shapes) => [outputShape(shapes)], (kernels, inputs, [out], shapes, attrs) => run(kernels, inputs, out, shapes, attrs), true);
}

/** As registerHeapKernel, with several outputs (runKernel then returns an array of tensors). */
export function registerHeapKernelOutputs(
  name: string,
  inputNames: string[],
  outputShapes: (inputShapes: number[][]) => number[][],
  run: HeapRun<number[]>,
): void {
  registerOnHeap(name, inputNames, outputShapes, run, false);
}

/** Whether the active backend is wasm with the workbench kernels bound to its heap. */
export function heapKernelsActive(): boolean {
  return tf.getBackend() === 'wasm' && wasmKernelsOf(tf.backend() as unknown as WasmBackendLike) !== undefined;
}
