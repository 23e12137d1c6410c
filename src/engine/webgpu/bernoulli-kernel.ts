import * as tf from '@tensorflow/tfjs';

/*
 * The wasm Bernoulli kernel's hash, as a WGSL kernel: unit i of a draw seeded with `seed` is 1
 * when p_i > hash(hash(i ^ k) + k) / 2^32 (24 bits), k = hash(seed). The same seed gives the same
 * states on wasm and on the GPU, drawn where the probabilities are, with nothing uploaded.
 */

/** The 32-bit integer hash of kernels.wat's `$hash` (lowbias32). */
export function hash32(value: number): number {
  let x = value >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

const WORKGROUP = 64;

interface ProgramBackend {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: 'float32', uniforms: { type: 'uint32'; data: number[] }[]): tf.TensorInfo;
}

function bernoulliProgram(shape: number[]): object {
  const size = shape.reduce((a, c) => a * c, 1);
  return {
    outputShape: shape,
    shaderKey: 'workbenchBernoulli',
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    variableNames: ['P'],
    uniforms: 'key : u32,',
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn hash(value : u32) -> u32 {
        var x = value;
        x = x ^ (x >> 16u);
        x = x * 0x7feb352du;
        x = x ^ (x >> 15u);
        x = x * 0x846ca68bu;
        return x ^ (x >> 16u);
      }
      fn main(index : i32) {
        if (index < uniforms.size) {
          let draw = f32(hash(hash(u32(index) ^ uniforms.key) + uniforms.key) >> 8u) * (1.0 / 16777216.0);
          setOutputAtIndex(index, select(0.0, 1.0, P[index] > draw));
        }
      }
    `,
  };
}

/** Registers `kernelName` on the webgpu backend (once per thread). */
export function registerWebGpuBernoulli(kernelName: string): void {
  if (tf.getKernel(kernelName, 'webgpu')) return;
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const probabilities = inputs.probabilities as tf.TensorInfo;
      const seed = (attrs as unknown as { seed: number }).seed;
      const key = hash32(seed);
      return (backend as unknown as ProgramBackend).runWebGPUProgram(bernoulliProgram(probabilities.shape), [probabilities], 'float32', [{ type: 'uint32', data: [key] }]);
    },
  });
}
