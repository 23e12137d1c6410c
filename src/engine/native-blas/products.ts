import * as tf from '@tensorflow/tfjs';
import type { ProductPath } from '../../shared/results.ts';
import type { WasmBackendLike } from '../wasm-kernels/instance.ts';
import { heapOffset } from '../wasm-kernels/instance.ts';
import { loadBlasAddon, type BlasAddon } from './addon.ts';

type KernelArgs = Parameters<tf.KernelFunc>[0];

interface Product {
  m: number;
  n: number;
  k: number;
  batch: number;
  aStride: number;
  bStride: number;
  outShape: number[];
}

let addon: BlasAddon | undefined;
let state: ProductPath | undefined;
let enabled = false;

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** The sizes of a (batched) product BLAS can run as is; undefined for what XNNPACK should take. */
function productOf(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Product | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [ar, br] = [a.shape.length, b.shape.length];
  const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const kB = transposeB ? b.shape[br - 1] : b.shape[br - 2];
  const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const [batchA, batchB] = [size(outerA), size(outerB)];
  const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (k !== kB || m * n * k === 0 || !(sameOuter || batchA === 1 || batchB === 1)) return undefined;
  const outer = batchA >= batchB ? outerA : outerB;
  return { m, n, k, batch: Math.max(batchA, batchB), aStride: batchA === 1 ? 0 : m * k, bStride: batchB === 1 ? 0 : k * n, outShape: [...outer, m, n] };
}

function heapBuffer(backend: WasmBackendLike): ArrayBuffer | undefined {
  const buffer = (backend.wasm.asm?.memory as { buffer?: unknown } | undefined)?.buffer;
  return buffer instanceof ArrayBuffer ? buffer : undefined;
}

/** What the addon does to the product while it is in cache: σ, or a multiplication by y (1 - y). */
type Epilogue = { kind: 'sigmoid' } | { kind: 'throughLogistic'; outputs: tf.TensorInfo };

/**
 * Runs `product` on the heap; `bias` (rank 1, length n) is written into every row first (beta = 1),
 * then the epilogue, if any, runs over the result.
 */
function runOnHeap(
  backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, p: Product, transposeA: boolean, transposeB: boolean, bias?: tf.TensorInfo, epilogue?: Epilogue,
): tf.TensorInfo | undefined {
  if (!heapBuffer(backend)) return undefined;
  const out = backend.makeOutput(p.outShape, 'float32');
  if (bias) {
    const rows = backend.typedArrayFromHeap(out);
    const values = backend.typedArrayFromHeap(bias);
    for (let row = 0; row < p.batch * p.m; row++) rows.set(values, row * p.n);
  }
  // makeOutput may have grown the heap, which replaces its buffer: read it afterwards.
  const args = [heapBuffer(backend)!, transposeA, transposeB, p.batch, p.m, p.n, p.k, heapOffset(backend, a), p.aStride, heapOffset(backend, b), p.bStride, heapOffset(backend, out), bias ? 1 : 0] as const;
  if (!epilogue) addon!.sgemm(...args);
  else if (epilogue.kind === 'sigmoid') addon!.sgemm(...args, 1, 0);
  else addon!.sgemm(...args, 2, heapOffset(backend, epilogue.outputs));
  return out;
}

function batchMatMulOnBlas(original: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    if (!enabled) return original(args);
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const product = productOf(a, b, transposeA, transposeB);
    return (product && runOnHeap(args.backend as unknown as WasmBackendLike, a, b, product, transposeA, transposeB)) ?? original(args);
  };
}

function fusedMatMulOnBlas(original: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    if (!enabled) return original(args);
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { transposeA, transposeB, activation } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation?: string };
    const product = productOf(a!, b!, transposeA, transposeB);
    const plainBias = bias === undefined || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === product?.n);
    const kind = activation ?? 'linear';
    const supported = kind === 'linear' || (kind === 'sigmoid' && fusedKernelsBuilt());
    if (!product || preluActivationWeights || !supported || !plainBias) return original(args);
    const epilogue: Epilogue | undefined = kind === 'sigmoid' ? { kind: 'sigmoid' } : undefined;
    return runOnHeap(args.backend as unknown as WasmBackendLike, a!, b!, product, transposeA, transposeB, bias, epilogue) ?? original(args);
  };
}

/** `delta · weightsᵀ · outputs (1 - outputs)` (backpropagation through a logistic layer): one native call. */
const THROUGH_LOGISTIC = 'WorkbenchProductThroughLogistic';

function registerThroughLogistic(): void {
  if (tf.getKernel(THROUGH_LOGISTIC, 'wasm')) return;
  tf.registerKernel({
    kernelName: THROUGH_LOGISTIC,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { delta, weights, outputs } = inputs as Record<string, tf.TensorInfo>;
      const product = productOf(delta, weights, false, true)!;
      return runOnHeap(backend as unknown as WasmBackendLike, delta, weights, product, false, true, undefined, { kind: 'throughLogistic', outputs })!;
    },
  });
}

/**
 * `delta · weightsᵀ` taken back through logistic units whose outputs are `outputs`, in one native
 * call (the product, then the multiplication while the product is in cache); undefined where the
 * products are not on the BLAS or the shapes do not fit.
 */
export function productThroughLogisticOnBlas(delta: tf.Tensor2D, weights: tf.Tensor2D, outputs: tf.Tensor2D): tf.Tensor2D | undefined {
  if (!nativeProductsActive() || !fusedKernelsBuilt() || !heapBuffer(tf.backend() as unknown as WasmBackendLike)) return undefined;
  const product = productOf(delta, weights, false, true);
  if (!product || product.batch !== 1 || outputs.dtype !== 'float32' || outputs.shape[0] !== product.m || outputs.shape[1] !== product.n) return undefined;
  return tf.engine().runKernel(THROUGH_LOGISTIC, { delta, weights, outputs }) as tf.Tensor2D;
}

function wrapKernel(name: string, wrap: (original: tf.KernelFunc) => tf.KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: wrap(original.kernelFunc) });
}

/**
 * Puts the wasm backend's matrix products (BatchMatMul, _FusedMatMul without activation) on the
 * native BLAS when its addon loads, working on the tensors in tfjs-backend-wasm's heap; everything
 * else, and every product when the addon is absent or WORKBENCH_NATIVE_BLAS=0, stays on XNNPACK.
 * Call after tfjs-backend-wasm is imported; later calls return the same answer.
 */
export function useNativeProducts(): ProductPath {
  if (state) return state;
  const load = loadBlasAddon();
  if (!load.addon) {
    state = { path: 'xnnpack', reason: load.reason };
    return state;
  }
  if (!tf.getKernel(tf.BatchMatMul, 'wasm')) {
    state = { path: 'xnnpack', reason: 'tfjs-backend-wasm has no BatchMatMul kernel to replace' };
    return state;
  }
  addon = load.addon;
  wrapKernel(tf.BatchMatMul, batchMatMulOnBlas);
  wrapKernel(tf._FusedMatMul, fusedMatMulOnBlas);
  registerThroughLogistic();
  enabled = true;
  state = { path: 'blas', library: addon.library, threads: addon.threads(), reason: `${addon.config} via ${load.file}` };
  return state;
}

/** Whether the loaded addon's sgemm takes epilogues; an older build's does not. */
function fusedKernelsBuilt(): boolean {
  return addon?.epilogues === true;
}

/** Whether the wasm backend's products run on the native BLAS now. */
export function nativeProductsActive(): boolean {
  return enabled && tf.getBackend() === 'wasm';
}

/**
 * Switches the products between BLAS and XNNPACK (the bench's alternation, the conformance test);
 * returns whether BLAS is now on. It cannot turn on what useNativeProducts could not load.
 */
export function setNativeProducts(on: boolean): boolean {
  enabled = on && addon !== undefined;
  return enabled;
}

/** The product path chosen by useNativeProducts, undefined before it ran. */
export function productPath(): ProductPath | undefined {
  return state;
}

/** The addon while the wasm backend's products run on it; undefined otherwise. */
export function activeBlasAddon(): BlasAddon | undefined {
  return nativeProductsActive() ? addon : undefined;
}

/** How many threads each training thread's products and updates use, undefined without the native products. */
export function blasThreads(): number | undefined {
  return addon?.threads();
}

/**
 * Sets how many threads each training thread's products use (one count for the whole process, each
 * caller its own threads); returns the count in force.
 */
export function setBlasThreads(threads: number): number | undefined {
  if (!addon) return undefined;
  return addon.setThreads(threads);
}
