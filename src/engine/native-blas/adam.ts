import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs, AdamMoments } from '../fused-updates.ts';
import { heapOffset, type WasmBackendLike } from '../wasm-kernels/instance.ts';
import { heapKernelsAllowed } from '../wasm-kernels/status.ts';
import { activeBlasAddon } from './products.ts';

const ADAM_ALL = 'WorkbenchNativeAdamAll';

if (!tf.getKernel(ADAM_ALL, 'wasm')) {
  tf.registerKernel({
    kernelName: ADAM_ALL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { count, beta1, beta2, stepSize, epsilon, threads } = attrs as unknown as AdamAttrs & { count: number; threads: number };
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
      const buffer = (b.wasm.asm!.memory as { buffer: ArrayBuffer }).buffer;
      activeBlasAddon()!.adam!(buffer, offsets, counts, beta1, beta2, stepSize, epsilon, threads);
      return outs;
    },
  });
}

/**
 * Adam's step over every parameter in one native call, split over the BLAS's threads (the cores this
 * arm may use): the same numbers to the bit as the wasm SIMD kernel, one call instead of one per
 * parameter. Undefined where the native products are off (then each parameter takes the SIMD kernel).
 */
export function nativeAdamStep(params: tf.Tensor[], grads: tf.Tensor[], moments: AdamMoments[], attrs: AdamAttrs): tf.Tensor[] | undefined {
  const addon = activeBlasAddon();
  if (!addon || typeof addon.adam !== 'function' || !heapKernelsAllowed()) return undefined;
  if (params.some((p, i) => p.dtype !== 'float32' || grads[i].dtype !== 'float32')) return undefined;
  const inputs: tf.NamedTensorMap = {};
  params.forEach((p, i) => {
    inputs[`p${i}`] = p;
    inputs[`g${i}`] = grads[i];
    inputs[`m${i}`] = moments[i].m;
    inputs[`v${i}`] = moments[i].v;
  });
  const threads = Math.max(1, addon.threads());
  return tf.engine().runKernel(ADAM_ALL, inputs, { ...attrs, count: params.length, threads } as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
