import { describe, expect, it } from 'vitest';
import { logScaleProblem } from '../../src/renderer/src/charts/log-scale.ts';
import { clockTable, renamedClock, timeUnitFor, toWallClock, wallClockProblem } from '../../src/renderer/src/charts/wall-clock.ts';

describe('logScaleProblem', () => {
  it('accepts values all above zero, ignoring non-finite ones', () => {
    expect(logScaleProblem([1, 0.001, 250, Number.NaN])).toBeUndefined();
  });

  it('says how many values are not above zero and the lowest', () => {
    expect(logScaleProblem([3, 0, -2.5, 1])).toBe('Log scale needs values above 0: this chart has 2 values ≤ 0 (lowest -2.50)');
    expect(logScaleProblem([0, 4])).toMatch(/has a value ≤ 0 \(lowest 0\.00\)/);
  });
});

describe('training-time x-axis', () => {
  const clock = clockTable([
    { name: 'pretrained', points: [[1, 12], [2, 30], [3, 45]] },
    { name: 'random', points: [[1, 10]] },
  ]);

  it('shows seconds up to two minutes and minutes from there', () => {
    expect(timeUnitFor(119.9)).toMatchObject({ divisor: 1, axisName: 'training time (s)' });
    expect(timeUnitFor(120)).toMatchObject({ divisor: 60, axisName: 'training time (min)' });
  });

  it('puts each point at its epoch’s recorded time, in the unit', () => {
    const points: [number, number][] = [[1, 5], [2, 4], [3, 3]];
    expect(toWallClock(points, clock.get('pretrained'), timeUnitFor(45))).toEqual([[12, 5], [30, 4], [45, 3]]);
    expect(toWallClock(points, clock.get('pretrained'), timeUnitFor(600))).toEqual([[0.2, 5], [0.5, 4], [0.75, 3]]);
    expect(toWallClock(points, clock.get('random'), timeUnitFor(45))).toEqual([[10, 5]]);
  });

  it('names the curves whose epochs lack a recorded time', () => {
    expect(wallClockProblem([{ name: 'pretrained', points: [[1, 5], [3, 2]] }], clock)).toBeUndefined();
    expect(wallClockProblem([{ name: 'pretrained', points: [[1, 5]] }, { name: 'random', points: [[1, 5], [2, 4]] }, { name: 'old', points: [[1, 1]] }], clock)).toBe(
      'No training time recorded for random, old: runs recorded before the per-epoch elapsedSeconds metric can only be drawn over epochs',
    );
  });

  it('hands a renamed curve the times of the curve it renames', () => {
    const renamed = renamedClock(clock, ['pretrained', 'random'], ['pretrained · A', 'random · A']);
    expect(renamed.get('pretrained · A')?.get(2)).toBe(30);
    expect(renamed.get('random · A')?.get(1)).toBe(10);
  });
});
