// Run in a child process by webgpu-backend.test.ts: the backend chosen for argv[2] and one product on it.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend.ts';
import type { BackendChoice } from '../../src/shared/config.ts';

const info = await initBackend(process.argv[2] as BackendChoice);
const product = await tf.matMul(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([7, 8, 9, 10, 11, 12], [3, 2])).data();
process.stdout.write(JSON.stringify({ info, product: Array.from(product), tfBackend: tf.getBackend() }));
