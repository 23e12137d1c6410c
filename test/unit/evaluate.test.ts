import { describe, expect, it } from 'vitest';
import { codesAndErrorPerImage, encodeAll, reconstructionErrorPerImage } from '../../src/engine/autoencoder/evaluate.ts';
import { Autoencoder } from '../../src/engine/autoencoder/network.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { SeededRandom } from '../../src/engine/random.ts';
import { rowMatrix } from '../../src/engine/row-matrix.ts';

describe('evaluating an autoencoder', () => {
  it('gives the codes and the error per image from one pass, as encoding and reconstructing separately do', async () => {
    await initBackend('wasm');
    const rng = new SeededRandom(8);
    const net = Autoencoder.random([20, 8, 3], 'glorot-uniform', 0.1, rng);
    // 2,500 rows: three chunks of the evaluation loop, the last one partial.
    const rows = 2500;
    const data = rowMatrix(Float32Array.from({ length: rows * 20 }, () => rng.next()), rows, 20);
    const { codes, errorPerImage } = await codesAndErrorPerImage(net, data);
    expect(codes).toHaveLength(rows * 3);
    expect(Array.from(codes)).toEqual(Array.from(await encodeAll(net, data)));
    const separate = await reconstructionErrorPerImage(net, data);
    expect(errorPerImage).toBeGreaterThan(0.1);
    expect(Math.abs(errorPerImage - separate)).toBeLessThan(1e-6 * separate);
    net.dispose();
  });
});
