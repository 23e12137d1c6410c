import { cssVar, theme } from '../theme.ts';
import { attributeSafeFontFamily } from './font-family.ts';

/** Text, axis and tooltip styling that follows the page's light or dark palette. */
export function chartChrome(): Record<string, unknown> {
  // Reading the theme makes every computed chart option rebuild when the system theme flips.
  void theme.value;
  const text = cssVar('--text') || '#1c2330';
  const muted = cssVar('--text-muted') || '#5d6878';
  const border = cssVar('--border') || '#dfe3e8';
  const surface = cssVar('--surface') || '#ffffff';
  return {
    backgroundColor: 'transparent',
    textStyle: { fontFamily: attributeSafeFontFamily(getComputedStyle(document.body).fontFamily), color: text, fontSize: 11 },
    legend: { top: 0, right: 0, textStyle: { color: muted }, itemWidth: 14, itemHeight: 8, icon: 'roundRect' },
    tooltip: {
      trigger: 'axis',
      backgroundColor: surface,
      borderColor: border,
      textStyle: { color: text, fontSize: 12 },
    },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
  };
}

/** A value axis styled for the current theme. */
export function valueAxis(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const muted = cssVar('--text-muted') || '#5d6878';
  const border = cssVar('--border') || '#dfe3e8';
  return {
    type: 'value',
    name,
    nameGap: 10,
    axisLabel: { color: muted },
    axisLine: { lineStyle: { color: border } },
    splitLine: { lineStyle: { color: border, type: 'dashed' } },
    scale: true,
    ...extra,
    nameTextStyle: { color: muted, fontSize: 11, ...(extra.nameTextStyle as object | undefined) },
  };
}
