import { beforeEach, describe, expect, it } from 'vitest';
import { TestImagePreviews } from '../../src/renderer/src/compare/test-image-previews.ts';

const calls: { experimentId: number; indices: number[] }[] = [];
let failNext = false;

// A stand-in for the API's getTestImages: one byte per image, its index mod 256.
async function fetchImages(experimentId: number, indices: number[]) {
  calls.push({ experimentId, indices });
  if (failNext) {
    failNext = false;
    throw new Error('[not-found] experiment 9 does not exist');
  }
  return { height: 1, width: 1, channels: 1, images: indices.map((i) => Buffer.from([i % 256]).toString('base64')) };
}

// No canvas in Node: the "URL" spells out the shape and bytes it was made from.
const toUrl = (bytes: Uint8Array, shape: { height: number; width: number; channels: number }) => `img:${shape.height}x${shape.width}x${shape.channels}:${Array.from(bytes).join(',')}`;

describe('t-SNE hover previews', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it("fetches a map's images once, in batches of at most 500, and serves later hovers from memory", async () => {
    const previews = new TestImagePreviews(fetchImages, toUrl);
    const indices = Array.from({ length: 1200 }, (_, i) => 1199 - i);
    expect(previews.url(1, 300)).toBeUndefined();
    await Promise.all([previews.load(1, 'pretrained', indices), previews.load(1, 'pretrained', indices)]);
    expect(calls.map((c) => c.indices.length)).toEqual([500, 500, 200]);
    expect(new Set(calls.flatMap((c) => c.indices)).size).toBe(1200);
    expect(previews.url(1, 300)).toBe('img:1x1x1:44');
    expect(previews.url(1, 5)).toBe('img:1x1x1:5');

    // Another map of the same run asks only for what is missing; the same map asks for nothing.
    await previews.load(1, 'pretrained', indices);
    await previews.load(1, 'random', [5, 1200, 1201]);
    expect(calls.slice(3)).toEqual([{ experimentId: 1, indices: [1200, 1201] }]);
    // Images belong to their run.
    expect(previews.url(2, 5)).toBeUndefined();
  });

  it('tries again on the next hover after a failed fetch', async () => {
    const previews = new TestImagePreviews(fetchImages, toUrl);
    failNext = true;
    await expect(previews.load(9, 'raw', [1, 2])).rejects.toThrow('does not exist');
    expect(previews.url(9, 1)).toBeUndefined();
    await previews.load(9, 'raw', [1, 2]);
    expect(previews.url(9, 2)).toBe('img:1x1x1:2');
    expect(calls).toHaveLength(2);
  });
});
