/** RGBA bytes of one image given as `height*width*channels` floats in [0,1] (channel-last). */
export function imageRgba(pixels: readonly number[], height: number, width: number, channels: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    const base = p * channels;
    const r = pixels[base] ?? 0;
    const g = channels >= 3 ? pixels[base + 1] : r;
    const b = channels >= 3 ? pixels[base + 2] : r;
    rgba[p * 4] = Math.round(clamp01(r) * 255);
    rgba[p * 4 + 1] = Math.round(clamp01(g) * 255);
    rgba[p * 4 + 2] = Math.round(clamp01(b) * 255);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** A PNG data URL of one image, scaled up without smoothing (for tooltips). */
export function imageDataUrl(pixels: readonly number[], height: number, width: number, channels: number, scale = 3): string {
  const small = document.createElement('canvas');
  small.width = width;
  small.height = height;
  small.getContext('2d')?.putImageData(new ImageData(imageRgba(pixels, height, width, channels), width, height), 0, 0);
  const big = document.createElement('canvas');
  big.width = width * scale;
  big.height = height * scale;
  const ctx = big.getContext('2d');
  if (!ctx) return '';
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, big.width, big.height);
  return big.toDataURL('image/png');
}
