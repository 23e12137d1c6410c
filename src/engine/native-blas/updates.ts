import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs, AdamMoments } from '../fused-updates.ts';
import { heapOffset, type WasmBackendLike } from '../wasm-kernels/instance.ts';
import { heapKernelsAllowed } from '../wasm-kernels/status.ts';
import { activeBlasAddon } from './products.ts';
import type { BlasAddon } from './addon.ts';

/*
 * Parameter updates on the native path: the same f32 operations as the SIMD kernels (the same
 * numbers to the bit), split over the arm's share of the cores like its products, so the second
 * core is not idle while one thread streams millions of parameters.
 */

const ADAM_ALL = 'WorkbenchNativeAdamAll';
const MOMENTUM = 'WorkbenchNativeMomentum';

const heapBuffer = (b: WasmBackendLike) => (b.wasm.asm!.memory as { buffer: ArrayBuffer }).buffer;

function registerOnWasm(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

registerOnWasm(ADAM_ALL, ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const { count, beta1, beta2, stepSize, epsilon } = attrs as unknown as AdamAttrs & { count: number };
  const operand = (name: string, i: number) => inputs[`${name}${i}`] as tf.TensorInfo;
  const params = Array.from({ length: count }, (_, i) => operand('p', i));
  const outs = params.map((p) => b.makeOutput(p.shape, 'float32'));
  const offsets = new Float64Array(5 * count);
  const counts = new Float64Array(count);
  params.forEach((p, i) => {
    const parts = [p, operand('g', i), operand('m', i), operand('v', i), outs[i]];
    parts.forEach((info, j) => (offsets[5 * i + j] = heapOffset(b, info)));
    counts[i] = p.shape.reduce((n, d) => n * d, 1);
  });
  // Read after the outputs are allocated: a growing heap replaces its buffer.
  activeBlasAddon()!.adam!(heapBuffer(b), offsets, counts, beta1, beta2, stepSize, epsilon);
  return outs;
});

registerOnWasm(MOMENTUM, ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const { param, increment, term } = inputs as Record<string, tf.TensorInfo>;
  const { momentum, decay } = attrs as unknown as { momentum: number; decay: number };
  const [outP, outInc] = [b.makeOutput(param.shape, 'float32'), b.makeOutput(param.shape, 'float32')];
  const count = param.shape.reduce((n, d) => n * d, 1);
  const at = (info: tf.TensorInfo) => heapOffset(b, info);
  activeBlasAddon()!.momentum!(heapBuffer(b), at(param), at(increment), at(term), at(outP), at(outInc), count, momentum, decay);
  return [outP, outInc];
});

/** The addon when the native updates can run on these tensors: products on the BLAS, the heap usable, float32 only. */
function nativeUpdates(tensors: tf.Tensor[], has: keyof BlasAddon): BlasAddon | undefined {
  const addon = activeBlasAddon();
  if (!addon || typeof addon[has] !== 'function' || !heapKernelsAllowed()) return undefined;
  return tensors.every((t) => t.dtype === 'float32') ? addon : undefined;
}

/**
 * Adam's step over every parameter in one native call, split over the addon's threads for this arm
 * (its share of the cores): the same numbers to the bit as the wasm SIMD kernel, whatever the thread
 * count. Undefined where the native products are off (then each parameter takes the SIMD kernel).
 */
export function nativeAdamStep(params: tf.Tensor[], grads: tf.Tensor[], moments: AdamMoments[], attrs: AdamAttrs): tf.Tensor[] | undefined {
  if (!nativeUpdates([...params, ...grads], 'adam')) return undefined;
  const inputs: tf.NamedTensorMap = {};
  params.forEach((p, i) => {
    inputs[`p${i}`] = p;
    inputs[`g${i}`] = grads[i];
    inputs[`m${i}`] = moments[i].m;
    inputs[`v${i}`] = moments[i].v;
  });
  return tf.engine().runKernel(ADAM_ALL, inputs, { ...attrs, count: params.length } as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

/**
 * The RBM's momentum update, inc' = momentum · inc + term - decay · p and p' = p + inc', in one
 * native call split over the arm's threads: the same numbers to the bit as the SIMD kernel.
 * Undefined where the native products are off.
 */
export function nativeMomentumStep(
  param: tf.Tensor, increment: tf.Tensor, term: tf.Tensor, attrs: { momentum: number; decay: number },
): { param: tf.Tensor; increment: tf.Tensor } | undefined {
  if (!nativeUpdates([param, increment, term], 'momentum')) return undefined;
  const [p, inc] = tf.engine().runKernel(MOMENTUM, { param, increment, term }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { param: p, increment: inc };
}
