import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { isWasmMemory, kernelsFor, type WasmBackendLike, type WasmKernels } from './instance.ts';
import { setHeapKernelStatus, type HeapKernelStatus } from './status.ts';

/**
 * The kernels read tfjs-backend-wasm's private internals (`wasm.asm.memory`, each tensor's
 * `memoryOffset`); these are the releases they were tested with (major.minor).
 */
export const TESTED_WASM_RELEASES = ['4.22'];

const requireFromHere = createRequire(import.meta.url);

export function installedWasmVersion(): string {
  return (requireFromHere('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version;
}

/** Stand-ins for the checks' inputs, so a test can simulate a changed tfjs-backend-wasm. */
export interface GuardOverrides {
  version?: string;
  backend?: WasmBackendLike;
  kernels?: WasmKernels;
}

class GuardFailure extends Error {}

const describeValue = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

/** What the backend says a tensor's heap offset is, read without trusting its shape. */
function rawOffset(backend: WasmBackendLike, tensor: tf.Tensor): unknown {
  const map = (backend as { dataIdMap?: { get?: (dataId: object) => { memoryOffset?: unknown } | undefined } }).dataIdMap;
  return typeof map?.get === 'function' ? map.get(tensor.dataId)?.memoryOffset : undefined;
}

/** The offset of a tensor in the heap, checked to be a float32-aligned byte offset. */
function offsetUnchecked(backend: WasmBackendLike, tensor: tf.Tensor): number {
  const offset = rawOffset(backend, tensor);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset % 4 !== 0) {
    throw new GuardFailure(`a tensor's heap offset (dataIdMap.get(dataId).memoryOffset) is ${describeValue(offset)}, not a byte offset`);
  }
  return offset;
}

/** A tensor's byte offset in the heap, checked to be one and to hold the tensor's values. */
async function checkedOffset(backend: WasmBackendLike, heap: ArrayBufferLike, tensor: tf.Tensor): Promise<number> {
  const offset = offsetUnchecked(backend, tensor);
  if (offset + tensor.size * 4 > heap.byteLength) {
    throw new GuardFailure(`a tensor's heap offset ${offset} lies past the end of the ${heap.byteLength}-byte heap`);
  }
  const expected = await tensor.data();
  const atOffset = new Float32Array(heap, offset, tensor.size);
  if (!atOffset.every((value, i) => Object.is(value, expected[i]))) {
    throw new GuardFailure(`the heap at a tensor's memoryOffset ${offset} does not hold the tensor's values`);
  }
  return offset;
}

function heapOf(backend: WasmBackendLike): ArrayBufferLike {
  const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  if (!isWasmMemory(memory)) throw new GuardFailure(`the backend's heap (wasm.asm.memory) is ${describeValue(memory)}, not a WebAssembly.Memory`);
  return memory.buffer;
}

function compile(backend: WasmBackendLike): WasmKernels {
  const memory = backend.wasm.asm!.memory;
  let kernels: WasmKernels | undefined;
  try {
    kernels = isWasmMemory(memory) ? kernelsFor(memory) : undefined;
  } catch (error) {
    throw new GuardFailure(`the kernels module did not compile against the heap: ${(error as Error).message}`);
  }
  if (!kernels) throw new GuardFailure('the heap is shared memory (the threaded build), which the kernels do not import');
  return kernels;
}

function closeTo(actual: Float32Array | Int32Array | Uint8Array, expected: Float32Array | Int32Array | Uint8Array, tolerance: number): boolean {
  return actual.length === expected.length && actual.every((a, i) => Math.abs(a - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])));
}

/** One transpose and one Adam step run by the kernels on the heap, against tf ops. */
async function canary(backend: WasmBackendLike, kernels: WasmKernels): Promise<void> {
  const keep: tf.Tensor[] = [];
  const fresh = (shape: number[]) => {
    const info = backend.makeOutput(shape, 'float32');
    const tensor = tf.engine().makeTensorFromTensorInfo(info);
    keep.push(tensor);
    return tensor;
  };
  const track = <T extends tf.Tensor>(t: T) => (keep.push(t), t);
  try {
    const x = track(tf.tensor2d(Float32Array.from({ length: 4 * 8 }, (_, i) => i * 0.37 - 5), [4, 8]));
    const transposed = fresh([8, 4]);
    const expectedTranspose = await track(tf.transpose(x)).data();
    kernels.transpose(await checkedOffset(backend, heapOf(backend), x), offsetUnchecked(backend, transposed), 4, 8);
    if (!closeTo(await transposed.data(), expectedTranspose, 0)) throw new GuardFailure('the transpose canary does not match tf.transpose');

    const values = (seed: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed + i) * 0.5);
    const [p, g] = [track(tf.tensor1d(values(1))), track(tf.tensor1d(values(2)))];
    const m = track(tf.tensor1d(values(3)));
    const v = track(tf.tensor1d(values(4).map((a) => a * a)));
    const [beta1, beta2, stepSize, epsilon] = [0.9, 0.999, 0.01, 1e-8];
    const expected = await track(
      tf.tidy(() => {
        const mNext = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNext = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        return tf.sub(p, tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), epsilon)), stepSize));
      }),
    ).data();
    const out = fresh([8]);
    const heap = heapOf(backend);
    const [po, go, mo, vo] = [await checkedOffset(backend, heap, p), await checkedOffset(backend, heap, g), await checkedOffset(backend, heap, m), await checkedOffset(backend, heap, v)];
    kernels.adam(po, go, mo, vo, offsetUnchecked(backend, out), mo, vo, 8, beta1, beta2, stepSize, epsilon);
    if (!closeTo(await out.data(), expected, 1e-6)) throw new GuardFailure('the Adam canary does not match the same step in tf ops');
  } finally {
    tf.dispose(keep);
  }
}

/**
 * Checks, once at start-up on the wasm backend, that the kernels can trust what they read of
 * tfjs-backend-wasm: a tested version, a heap that is a WebAssembly.Memory, offsets that are byte
 * offsets holding the tensors' values, a module that compiles, and a transpose and an Adam step
 * that match tf ops. Any failure turns every heap kernel off (tf ops run instead) and says why.
 */
export async function guardHeapKernels(overrides: GuardOverrides = {}): Promise<HeapKernelStatus> {
  setHeapKernelStatus(undefined);
  const status = await verdict(overrides);
  setHeapKernelStatus(status);
  return status;
}

async function verdict(overrides: GuardOverrides): Promise<HeapKernelStatus> {
  const version = overrides.version ?? installedWasmVersion();
  const release = version.split('.').slice(0, 2).join('.');
  const tested = TESTED_WASM_RELEASES.map((r) => `${r}.x`).join(', ');
  if (!TESTED_WASM_RELEASES.includes(release)) {
    return { active: false, reason: `SIMD kernels off: tfjs-backend-wasm ${version} is not a version they were tested with (${tested}); tf ops run instead` };
  }
  if (tf.getBackend() !== 'wasm') return { active: false, reason: `SIMD kernels off: the active backend is ${tf.getBackend()}, not wasm` };
  const backend = overrides.backend ?? (tf.backend() as unknown as WasmBackendLike);
  try {
    const heap = heapOf(backend);
    const probe = tf.tensor1d([1.5, -2, 3.25, 0]);
    try {
      await checkedOffset(backend, heap, probe);
    } finally {
      probe.dispose();
    }
    await canary(backend, overrides.kernels ?? compile(backend));
  } catch (error) {
    if (!(error instanceof GuardFailure)) throw error;
    return { active: false, reason: `SIMD kernels off: ${error.message} (tfjs-backend-wasm ${version}); tf ops run instead` };
  }
  return { active: true, reason: `SIMD kernels on: tfjs-backend-wasm ${version} passed the start-up checks (offsets, compile, transpose and Adam canaries)` };
}
