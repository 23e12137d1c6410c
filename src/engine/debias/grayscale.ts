import type { ImageSet } from '../data/types.ts';

/** The coursework's grayscale view of colour images: the mean over channels, one channel per pixel. */
export function grayscaleOf(set: ImageSet): ImageSet {
  if (set.channels === 1) return set;
  const pixels = set.height * set.width;
  const channels = set.channels;
  const images = new Float32Array(set.count * pixels);
  for (let i = 0, source = 0; i < images.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += set.images[source++];
    images[i] = sum / channels;
  }
  return { ...set, images, dim: pixels, channels: 1 };
}
