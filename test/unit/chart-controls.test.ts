import { describe, expect, it } from 'vitest';
import { applyControls, controlsSummary, RAW_ID_PREFIX, RAW_OPACITY, yValuesOf } from '../../src/renderer/src/charts/chart-controls.ts';
import { clockTable } from '../../src/renderer/src/charts/wall-clock.ts';

type Obj = Record<string, unknown>;

function screenOption(): Obj {
  return {
    grid: { left: 8, top: 52, bottom: 20 },
    xAxis: { type: 'value', name: 'epoch', min: 1, minInterval: 1 },
    yAxis: { type: 'value', name: 'error', min: () => 0 },
    series: [
      { type: 'line', name: 'a', data: [[1, 1], [2, 2], [3, 3]], lineStyle: { width: 2 }, markLine: { data: [{ yAxis: 0.5 }] } },
      { type: 'line', name: 'b', data: [[1, 4], [2, 2]] },
    ],
  };
}

const series = (option: Obj) => option.series as Obj[];

describe('applyControls', () => {
  it('leaves the option as it is with every control off', () => {
    const option = screenOption();
    const shown = applyControls(option, { smoothing: 0, log: false });
    expect(series(shown).map((s) => s.data)).toEqual(series(option).map((s) => s.data));
    expect(shown.xAxis).toEqual(option.xAxis);
    expect(shown.dataZoom).toBeUndefined();
  });

  it('smooths each line and keeps its raw curve faint behind it, under the same legend name', () => {
    const shown = series(applyControls(screenOption(), { smoothing: 0.5, log: false }));
    expect(shown.map((s) => [s.name, s.id])).toEqual([['a', undefined], ['a', `${RAW_ID_PREFIX}a`], ['b', undefined], ['b', `${RAW_ID_PREFIX}b`]]);
    const smoothed = shown[0].data as [number, number][];
    expect(smoothed.map((p) => p[0])).toEqual([1, 2, 3]);
    expect(smoothed[1][1]).toBeCloseTo(5 / 3, 12);
    expect(smoothed[2][1]).toBeCloseTo(17 / 7, 12);
    // b: 4, then (0.5 * 2 + 1) / 0.75.
    expect((shown[2].data as [number, number][])[1][1]).toBeCloseTo(8 / 3, 12);
    expect(shown[1].data).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect((shown[1].lineStyle as Obj).opacity).toBe(RAW_OPACITY);
    expect(shown[1].markLine).toBeUndefined();
    expect(shown[0].markLine).toBeDefined();
  });

  it('draws a log y-axis without the linear bounds', () => {
    const shown = applyControls(screenOption(), { smoothing: 0, log: true });
    expect(shown.yAxis).toMatchObject({ type: 'log', logBase: 10, name: 'error' });
    expect((shown.yAxis as Obj).min).toBeUndefined();
  });

  it('puts the lines over training time, in seconds, with the axis named', () => {
    const clock = clockTable([{ name: 'a', points: [[1, 2], [2, 4.5], [3, 7]] }, { name: 'b', points: [[1, 3], [2, 6]] }]);
    const shown = applyControls(screenOption(), { smoothing: 0, log: false, clock });
    expect(series(shown)[0].data).toEqual([[2, 1], [4.5, 2], [7, 3]]);
    expect(series(shown)[1].data).toEqual([[3, 4], [6, 2]]);
    expect(shown.xAxis).toMatchObject({ name: 'training time (s)', min: 0, minInterval: 0 });
  });

  it('adds a zoom slider and wheel zoom at the window on screen, with room under the plot', () => {
    const shown = applyControls(screenOption(), { smoothing: 0, log: false, zoom: { start: 20, end: 70 } });
    const zoom = shown.dataZoom as Obj[];
    expect(zoom.map((z) => [z.type, z.start, z.end])).toEqual([['inside', 20, 70], ['slider', 20, 70]]);
    expect((shown.grid as Obj).bottom).toBe(44);
  });

  it('applies the same to an exported figure’s axis arrays, the window fixed by value', () => {
    const figure: Obj = {
      title: [{ text: 'T' }],
      xAxis: [{ type: 'value', name: 'epoch', min: 1, max: 3 }],
      yAxis: [{ type: 'value', name: 'error', min: 0, max: 4, interval: 1 }],
      series: [{ type: 'line', name: 'a', data: [[1, 1], [2, 2], [3, 3]] }],
    };
    const shown = applyControls(figure, { smoothing: 0, log: true, zoom: { startValue: 2, endValue: 3 } });
    expect(shown.yAxis).toEqual([expect.objectContaining({ type: 'log', min: undefined, max: undefined, interval: undefined })]);
    expect(shown.dataZoom).toEqual([expect.objectContaining({ type: 'inside', xAxisIndex: [0], startValue: 2, endValue: 3 })]);
  });

  it('collects the y values a log axis must hold, reference lines included', () => {
    expect(yValuesOf(screenOption()).sort()).toEqual([0.5, 1, 2, 2, 3, 4]);
  });
});

describe('controlsSummary', () => {
  it('names what was applied, for the figure title', () => {
    expect(controlsSummary({ smoothing: 0, log: false })).toBe('');
    expect(controlsSummary({ smoothing: 0.6, log: true }, { startValue: 3, endValue: 10 })).toBe('smoothed 0.60 · log scale · epochs 3–10 shown');
    const clock = clockTable([{ name: 'a', points: [[1, 100], [2, 200]] }]);
    expect(controlsSummary({ smoothing: 0, log: false, clock }, { startValue: 1.234, endValue: 2.5 })).toBe('over training time · 1.23–2.5 min shown');
    expect(controlsSummary({ smoothing: 0, log: false }, { startValue: 0.2, endValue: 0.8 }, 'recall')).toBe('recall 0.2–0.8 shown');
  });
});
