// Run in a child process by native-blas.test.ts: the backend's product path and one product.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend.ts';

const info = await initBackend('wasm');
const product = await tf.matMul(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([7, 8, 9, 10, 11, 12], [3, 2])).data();
process.stdout.write(JSON.stringify({ products: info.products, product: Array.from(product) }));
