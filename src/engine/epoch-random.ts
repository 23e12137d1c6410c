import { SeededRandom } from './random.ts';

function mix(hash: number, value: number): number {
  let h = (hash ^ value) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * A generator determined by the experiment seed and a position (e.g. `pretrain:2`, epoch 7), so
 * a run resumed at an epoch boundary draws exactly the numbers an uninterrupted run would.
 */
export function randomFor(seed: number, stream: string, index = 0): SeededRandom {
  return new SeededRandom(mix(mix(hashString(stream), seed), index + 1));
}
