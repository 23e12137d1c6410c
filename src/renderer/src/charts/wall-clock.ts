/** The x-axis of a training curve: its epochs or the training time at each epoch's end. */
export type XAxisMode = 'epoch' | 'time';

/** How training time is shown on an axis: seconds up to two minutes, minutes beyond. */
export interface TimeUnit {
  /** Seconds per axis unit. */
  divisor: number;
  axisName: string;
  /** Short unit for a range, e.g. `s` in "12–30 s". */
  short: string;
}

export function timeUnitFor(maxSeconds: number): TimeUnit {
  return maxSeconds >= 120 ? { divisor: 60, axisName: 'training time (min)', short: 'min' } : { divisor: 1, axisName: 'training time (s)', short: 's' };
}

/** Per curve name, the recorded training seconds at the end of each epoch. */
export type ClockTable = ReadonlyMap<string, ReadonlyMap<number, number>>;

/** A clock table from curves of the `elapsedSeconds` metric, named as the curves they time. */
export function clockTable(curves: readonly { name: string; points: readonly (readonly [number, number])[] }[]): ClockTable {
  return new Map(curves.map((c) => [c.name, new Map(c.points.map(([epoch, seconds]) => [epoch, seconds]))]));
}

/**
 * Why the curves cannot be drawn over training time, or undefined when every point of every
 * curve has its epoch's recorded time.
 */
export function wallClockProblem(curves: readonly { name: string; points: readonly (readonly [number, number])[] }[], clock: ClockTable): string | undefined {
  const untimed = curves.filter((c) => c.points.length > 0 && c.points.some(([epoch]) => !clock.get(c.name)?.has(epoch)));
  if (untimed.length === 0) return undefined;
  return `No training time recorded for ${untimed.map((c) => c.name).join(', ')}: runs recorded before the per-epoch elapsedSeconds metric can only be drawn over epochs`;
}

/** A curve's points with each epoch replaced by its training time in `unit`; epochs without a time are left out. */
export function toWallClock(points: readonly (readonly [number, number])[], times: ReadonlyMap<number, number> | undefined, unit: TimeUnit): [number, number][] {
  const mapped: [number, number][] = [];
  for (const [epoch, value] of points) {
    const seconds = times?.get(epoch);
    if (seconds !== undefined) mapped.push([seconds / unit.divisor, value]);
  }
  return mapped;
}

/**
 * The clock table for curves renamed one for one (an exported figure may name the chart's curves
 * more fully): `to[i]` gets the times of `from[i]`. Names not in `from` keep their own times.
 */
export function renamedClock(clock: ClockTable, from: readonly string[], to: readonly string[]): ClockTable {
  if (from.length !== to.length) return clock;
  const renamed = new Map(clock);
  to.forEach((name, i) => {
    const times = clock.get(from[i]);
    if (times) renamed.set(name, times);
  });
  return renamed;
}
