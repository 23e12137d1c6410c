import * as tf from '@tensorflow/tfjs';
import { multiplyByTranspose, multiplyByWeights } from '../linear-algebra.ts';
import { nativeProductsActive, productThroughLogisticOnBlas } from '../native-blas/products.ts';
import { heapKernelsActive, registerHeapKernel, registerHeapKernelOutputs } from '../wasm-kernels/register.ts';

const LOGISTIC_OUTPUT = 'WorkbenchLogisticOutput';
const SIGMOID_BACKWARD = 'WorkbenchSigmoidBackward';

registerHeapKernelOutputs(LOGISTIC_OUTPUT, ['logits', 'targets'], ([shape]) => [shape, [], []], (kernels, [z, x], [r, ce, sq], [shape], { scale }) =>
  kernels.logisticOutput(z, x, r, ce, sq, shape.reduce((a, b) => a * b, 1), scale),
);

registerHeapKernel(SIGMOID_BACKWARD, ['upstream', 'outputs'], ([shape]) => shape, (kernels, [upstream, y], out, [shape]) =>
  kernels.sigmoidBackward(upstream, y, out, shape.reduce((a, b) => a * b, 1)),
);

/** What the loss and the backward pass need of a logistic output layer. */
export interface LogisticOutputTerms {
  /** scale · (σ(logits) - targets). */
  scaledResidual: tf.Tensor2D;
  /** Binary cross-entropy of σ(logits) against the targets, summed over every element. */
  crossEntropySum: tf.Scalar;
  /** (σ(logits) - targets)², summed. */
  squaredErrorSum: tf.Scalar;
}

/** Numerically stable binary cross-entropy from logits, summed: max(z,0) - z·x + log(1 + e^-|z|). */
export function crossEntropyFromLogitsSum(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar,
  );
}

/**
 * The output layer's residual, cross-entropy and squared error. On wasm one SIMD pass (its own
 * exp and log1p, sums in double precision) replaces a dozen tf ops over the batch; elsewhere,
 * or when the element count is not a multiple of 4, tf ops.
 */
export function logisticOutputTerms(logits: tf.Tensor2D, targets: tf.Tensor2D, scale: number): LogisticOutputTerms {
  if (heapKernelsActive() && logits.size % 4 === 0 && logits.dtype === 'float32' && targets.dtype === 'float32') {
    const [scaledResidual, crossEntropySum, squaredErrorSum] = tf.engine().runKernel(LOGISTIC_OUTPUT, { logits, targets }, { scale }) as [
      tf.Tensor2D,
      tf.Scalar,
      tf.Scalar,
    ];
    return { scaledResidual, crossEntropySum, squaredErrorSum };
  }
  return tf.tidy(() => {
    const residual = tf.sub(tf.sigmoid(logits), targets);
    return {
      scaledResidual: tf.mul(residual, scale) as tf.Tensor2D,
      crossEntropySum: crossEntropyFromLogitsSum(logits, targets),
      squaredErrorSum: tf.sum(tf.square(residual)) as tf.Scalar,
    };
  });
}

/** `upstream · y (1 - y)`: a gradient taken back through logistic units whose outputs are `y`; one pass on wasm. */
export function throughLogistic(upstream: tf.Tensor2D, outputs: tf.Tensor2D): tf.Tensor2D {
  if (heapKernelsActive() && upstream.dtype === 'float32' && outputs.dtype === 'float32') {
    return tf.engine().runKernel(SIGMOID_BACKWARD, { upstream, outputs }) as tf.Tensor2D;
  }
  return tf.tidy(() => tf.mul(upstream, tf.mul(outputs, tf.sub(1, outputs))));
}

/**
 * A dense layer on a batch, `rows · weights + bias`, through the logistic function when `logistic`.
 * On the native BLAS one call: the bias is written into the output, the product added to it and
 * σ applied while it is in cache; elsewhere a product, an add and a sigmoid.
 */
export function denseLayer(rows: tf.Tensor2D, weights: tf.Tensor2D, bias: tf.Tensor1D, logistic: boolean): tf.Tensor2D {
  if (nativeProductsActive()) return tf.fused.matMul({ a: rows, b: weights, bias, activation: logistic ? 'sigmoid' : 'linear' }) as tf.Tensor2D;
  return tf.tidy(() => {
    const z = tf.add(multiplyByWeights(rows, weights), bias) as tf.Tensor2D;
    return logistic ? tf.sigmoid(z) : z;
  });
}

/** `delta · weightsᵀ` taken back through logistic units whose outputs are `outputs`; one native call on the BLAS. */
export function backThroughLogistic(delta: tf.Tensor2D, weights: tf.Tensor2D, outputs: tf.Tensor2D): tf.Tensor2D {
  return productThroughLogisticOnBlas(delta, weights, outputs) ?? tf.tidy(() => throughLogistic(multiplyByTranspose(delta, weights), outputs));
}
