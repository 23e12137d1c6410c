import * as tf from '@tensorflow/tfjs';
import { heapOffset, wasmKernelsOf, type WasmBackendLike, type WasmKernels } from './wasm-kernels/instance.ts';
import { heapKernelsAllowed } from './wasm-kernels/status.ts';
import { nativeMomentumStep } from './native-blas/updates.ts';

/*
 * Parameter updates (Adam, momentum) touch every weight several times per step; as separate
 * tf ops on the wasm and plain-JS backends that is a dozen passes over millions of floats.
 * These kernels do each update in one pass over the tensors' own memory, with no copy back to
 * JavaScript: on wasm with the workbench's f32x4 SIMD kernels (kernels.wat) working in the
 * backend's heap, on the plain-JS backend (or a wasm heap they cannot import) as a JS loop.
 * Native backends keep the tf-op path.
 */

const ADAM = 'WorkbenchAdamStep';
const MOMENTUM = 'WorkbenchMomentumStep';

type Attrs = Record<string, number>;
type JsCompute = (inputs: Float32Array[], outputs: Float32Array[], attrs: Attrs) => void;
type SimdCompute = (kernels: WasmKernels, inputs: number[], outputs: number[], count: number, attrs: Attrs) => void;

interface HostMemory {
  alloc(shape: number[], count: number): tf.TensorInfo[];
  views(infos: tf.TensorInfo[]): Float32Array[];
  /** The SIMD kernels and the heap byte offsets of tensors, where the backend's heap allows. */
  simd?: { kernels: WasmKernels; offsets(infos: tf.TensorInfo[]): number[] };
}

interface CpuLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const hostMemory: Record<string, (backend: unknown) => HostMemory> = {
  wasm: (backend) => {
    const b = backend as WasmBackendLike;
    const kernels = wasmKernelsOf(b);
    return {
      alloc: (shape, count) => Array.from({ length: count }, () => b.makeOutput(shape, 'float32')),
      // Views are taken after every allocation: a growing wasm heap replaces its buffer.
      views: (infos) => infos.map((info) => b.typedArrayFromHeap(info)),
      simd: kernels && { kernels, offsets: (infos) => infos.map((info) => heapOffset(b, info)) },
    };
  },
  cpu: (backend) => {
    const b = backend as CpuLike;
    return {
      alloc: (shape, count) => Array.from({ length: count }, () => b.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, c) => a * c, 1)))),
      views: (infos) => infos.map((info) => b.data.get(info.dataId).values),
    };
  },
};

function register(name: string, inputNames: string[], outputs: number, compute: JsCompute, simd: SimdCompute): void {
  for (const [backendName, memoryOf] of Object.entries(hostMemory)) {
    if (tf.getKernel(name, backendName)) continue;
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const memory = memoryOf(backend);
        const infos = inputNames.map((n) => inputs[n] as tf.TensorInfo);
        const outs = memory.alloc(infos[0].shape, outputs);
        const values = attrs as unknown as Attrs;
        if (memory.simd) {
          const count = infos[0].shape.reduce((a, c) => a * c, 1);
          simd(memory.simd.kernels, memory.simd.offsets(infos), memory.simd.offsets(outs), count, values);
        } else {
          compute(memory.views(infos), memory.views(outs), values);
        }
        return outs;
      },
    });
  }
}

// Adam's moments belong to the optimizer alone, so the kernel updates them in place: the single
// output is the new parameter. (Writing m and v over themselves spares the cache misses of two
// freshly allocated outputs; the parameter stays a new tensor, as products may cache it.)
register(
  ADAM,
  ['param', 'grad', 'm', 'v'],
  1,
  ([p, g, m, v], [outP], a) => {
    const { beta1, beta2, stepSize, epsilon } = a;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const mi = beta1 * m[i] + c1 * gi;
      const vi = beta2 * v[i] + c2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      outP[i] = p[i] - (stepSize * mi) / (Math.sqrt(vi) + epsilon);
    }
  },
  (kernels, [p, g, m, v], [outP], count, a) => kernels.adam(p, g, m, v, outP, m, v, count, a.beta1, a.beta2, a.stepSize, a.epsilon),
);

register(
  MOMENTUM,
  ['param', 'increment', 'term'],
  2,
  ([p, inc, term], [outP, outInc], a) => {
    const { momentum, decay } = a;
    for (let i = 0; i < p.length; i++) {
      const next = momentum * inc[i] + term[i] - decay * p[i];
      outInc[i] = next;
      outP[i] = p[i] + next;
    }
  },
  (kernels, [p, inc, term], [outP, outInc], count, a) => kernels.momentum(p, inc, term, outP, outInc, count, a.momentum, a.decay),
);

function fusedOnActiveBackend(name: string): boolean {
  const backend = tf.getBackend();
  // On wasm the fused kernels work in the backend's heap: when the start-up guard found its internals changed, tf ops run instead.
  return tf.getKernel(name, backend) !== undefined && (backend !== 'wasm' || heapKernelsAllowed());
}

export interface AdamAttrs {
  beta1: number;
  beta2: number;
  stepSize: number;
  epsilon: number;
}

/** Adam's step size and epsilon for step `step` (from 1), with both bias corrections folded in. */
export function adamAttrs(learningRate: number, beta1: number, beta2: number, epsilon: number, step: number): AdamAttrs {
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  return { beta1, beta2, stepSize: (learningRate * Math.sqrt(correction2)) / correction1, epsilon: epsilon * Math.sqrt(correction2) };
}

/**
 * Adam's moment estimates for one parameter, owned by its optimizer. No other tensor may share
 * their data (no clones): the fused steps write over them.
 */
export interface AdamMoments {
  m: tf.Tensor;
  v: tf.Tensor;
}

/**
 * One Adam step for one parameter: m' = β1 m + (1-β1) g, v' = β2 v + (1-β2) g²,
 * p' = p - stepSize · m' / (√v' + ε). `stepSize` and `epsilon` already carry the bias corrections.
 * Returns p'; `moments` then holds m' and v' (the fused kernels write them over m and v, the tf-op
 * path replaces and disposes the old tensors).
 */
export function adamStep(param: tf.Tensor, grad: tf.Tensor, moments: AdamMoments, attrs: AdamAttrs, fused = fusedOnActiveBackend(ADAM)): tf.Tensor {
  const { m, v } = moments;
  if (fused) return (tf.engine().runKernel(ADAM, { param, grad, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[])[0];
  const next = tf.tidy(() => {
    const mNext = tf.add(tf.mul(m, attrs.beta1), tf.mul(grad, 1 - attrs.beta1));
    const vNext = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(grad), 1 - attrs.beta2));
    const pNext = tf.sub(param, tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), attrs.epsilon)), attrs.stepSize));
    return { param: pNext, m: mNext, v: vNext };
  });
  m.dispose();
  v.dispose();
  // Kept: the moments outlive any tidy scope the step runs in.
  moments.m = tf.keep(next.m);
  moments.v = tf.keep(next.v);
  return next.param;
}

/** inc' = momentum · inc + term - decay · p, p' = p + inc' (the RBM's weight update). */
export function momentumStep(
  param: tf.Tensor,
  increment: tf.Tensor,
  term: tf.Tensor,
  attrs: { momentum: number; decay: number },
  fused = fusedOnActiveBackend(MOMENTUM),
): { param: tf.Tensor; increment: tf.Tensor } {
  if (fused) {
    const native = nativeMomentumStep(param, increment, term, attrs);
    if (native) return native;
    const [p, inc] = tf.engine().runKernel(MOMENTUM, { param, increment, term }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    return { param: p, increment: inc };
  }
  return tf.tidy(() => {
    const next = tf.sub(tf.add(tf.mul(increment, attrs.momentum), term), tf.mul(param, attrs.decay));
    return { param: tf.add(param, next), increment: next };
  });
}
