import { describe, expect, it } from 'vitest';
import { pairedEfficiency } from '../../src/engine/bench/training-bench.ts';

describe('the bench paired efficiency', () => {
  const flops = 1e9; // per sample: one sample per second is 1 GFLOP/s

  it('compares every segment with the yardstick bursts around it, so a drifting machine speed cancels', () => {
    // The machine halves its speed after the second segment; training runs at 80% of the yardstick throughout.
    const bursts = [20, 20, 10, 10];
    const segments = [
      { samples: 16, seconds: 1 },
      { samples: 16, seconds: 1.2 }, // straddles the change: yardstick mean 15
      { samples: 8, seconds: 1 },
    ];
    // Ratios 0.8, 0.89 and 0.8: the median is 0.8.
    expect(pairedEfficiency(segments, bursts, flops)).toBeCloseTo(0.8, 10);
    // One yardstick before the epoch would have said 0.4 for the last segment.
    expect(pairedEfficiency([segments[2]], [10, 10], flops)).toBeCloseTo(0.8, 10);
  });

  it('takes the median, so one disturbed segment does not move it', () => {
    const bursts = [10, 10, 10, 10, 10, 10];
    const segments = [9, 9, 2, 9, 9].map((samples) => ({ samples, seconds: 1 }));
    expect(pairedEfficiency(segments, bursts, flops)).toBeCloseTo(0.9, 10);
  });

  it('needs a burst on both sides of every segment', () => {
    expect(() => pairedEfficiency([{ samples: 1, seconds: 1 }], [10], flops)).toThrow('1 segments, 1 bursts');
  });
});
