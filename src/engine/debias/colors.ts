import type { DebiasConfig } from '../../shared/config.ts';

/**
 * The ten mean colours, RGB in [0,1]; colour label i is the colour that digit i wears when aligned.
 * At least 0.5 apart and no two in nearly the same direction: a colour that were a multiple of
 * another (grey and white) would be indistinguishable from it on a faint stroke.
 */
export const MEAN_COLORS: readonly (readonly [number, number, number])[] = [
  [1, 0, 0], // red
  [0, 1, 0], // green
  [0, 0, 1], // blue
  [1, 1, 0], // yellow
  [1, 0, 1], // magenta
  [0, 1, 1], // cyan
  [1, 1, 1], // white
  [1, 0.5, 0], // orange
  [0.5, 0, 1], // violet
  [1, 0, 0.5], // rose
];

export const COLOR_NAMES = ['red', 'green', 'blue', 'yellow', 'magenta', 'cyan', 'white', 'orange', 'violet', 'rose'] as const;

/** Standard deviation of the per-sample colour noise, per channel, by severity 1..5. */
export const NOISE_STD_BY_SEVERITY: Readonly<Record<DebiasConfig['severity'], number>> = {
  1: 0.05,
  2: 0.02,
  3: 0.01,
  4: 0.005,
  5: 0.002,
};
