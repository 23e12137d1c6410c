import type * as tf from '@tensorflow/tfjs';
import { KERNELS_WASM_BASE64 } from './kernels-binary.ts';
import { heapKernelsAllowed } from './status.ts';

/** The exports of kernels.wat; every pointer is a byte offset into the imported memory. */
export interface WasmKernels {
  adam(
    param: number, grad: number, m: number, v: number,
    paramOut: number, mOut: number, vOut: number, count: number,
    beta1: number, beta2: number, stepSize: number, epsilon: number,
  ): void;
  momentum(param: number, increment: number, term: number, paramOut: number, incrementOut: number, count: number, momentum: number, decay: number): void;
  transpose(source: number, destination: number, rows: number, cols: number): void;
  columnSums(source: number, destination: number, rows: number, cols: number): void;
  sigmoidBackward(upstream: number, outputs: number, result: number, count: number): void;
  logisticOutput(logits: number, targets: number, residual: number, crossEntropy: number, squaredError: number, count: number, scale: number): void;
  bernoulli(probabilities: number, states: number, count: number, seed: number): void;
}

/** The parts of the WebAssembly JS API used here (Node's type definitions do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;
const instances = new WeakMap<WasmMemory, WasmKernels>();

export function isWasmMemory(value: unknown): value is WasmMemory {
  return value instanceof webAssembly.Memory;
}

/**
 * The kernels bound to `memory` (tfjs-backend-wasm's heap), compiled once per thread. Undefined
 * when the heap is shared memory (the threaded wasm build), which this module does not import.
 */
export function kernelsFor(memory: WasmMemory): WasmKernels | undefined {
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return undefined;
  let kernels = instances.get(memory);
  if (!kernels) {
    compiled ??= new webAssembly.Module(Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)));
    kernels = new webAssembly.Instance(compiled, { env: { memory } }).exports as unknown as WasmKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** What the workbench reads of a tfjs-backend-wasm backend object. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  wasm: { asm?: { memory?: unknown } };
}

/** The SIMD kernels for a wasm backend, or undefined when its heap cannot be imported or the start-up guard turned them off. */
export function wasmKernelsOf(backend: WasmBackendLike): WasmKernels | undefined {
  if (!heapKernelsAllowed()) return undefined;
  const memory = backend.wasm.asm?.memory;
  return isWasmMemory(memory) ? kernelsFor(memory) : undefined;
}

/** The byte offset of a tensor in the wasm heap. */
export function heapOffset(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}
