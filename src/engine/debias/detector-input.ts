import type { ColoredSplit, DetectorInput } from './types.ts';

/** The part of a split a detector may see: images and digit labels, no colours. */
export function detectorInputOf(split: ColoredSplit): DetectorInput {
  return { images: split.images };
}
