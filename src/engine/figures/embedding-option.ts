import type { EChartsOption, ScatterSeriesOption } from 'echarts';
import type { EmbeddingMap } from '../../shared/results.ts';
import { embeddingQuality, embeddingTitle } from './embedding-labels.ts';
import { classColor, classSymbol, FONT_FAMILY } from './palette.ts';
import type { SizedOption } from './panels-option.ts';

export interface EmbeddingSvgOptions {
  width?: number;
  height?: number;
  title?: string;
  symbolSize?: number;
}

const TEXT_COLOR = '#222222';
const LEGEND_WIDTH = 90;
const LEGEND_ITEM_HEIGHT = 14;
const LEGEND_ITEM_GAP = 10;

/** A 2-D map as a scatter, one series per digit (colour and marker), its quality figures under the title and a digit key. */
export function embeddingOption(map: EmbeddingMap, options: EmbeddingSvgOptions = {}): SizedOption {
  if (map.labels.length !== map.points.length) {
    throw new Error(`embedding "${map.representation}": labels has ${map.labels.length} entries but points has ${map.points.length}; they must match`);
  }
  const width = options.width ?? 640;
  const height = options.height ?? 600;
  const classes = [...new Set(map.labels)].sort((a, b) => a - b);
  const series: ScatterSeriesOption[] = classes.map((label, i) => {
    const index = Number.isInteger(label) && label >= 0 && label <= 9 ? label : i;
    return {
      type: 'scatter',
      name: String(label),
      data: map.points.filter((_, p) => map.labels[p] === label),
      symbol: classSymbol(index),
      symbolSize: options.symbolSize ?? (map.points.length > 1000 ? 5 : 7),
      itemStyle: { color: classColor(index), opacity: 0.8 },
    };
  });
  const showAxes = map.method === 'code';
  const legendHeight = classes.length * (LEGEND_ITEM_HEIGHT + LEGEND_ITEM_GAP) - LEGEND_ITEM_GAP;
  const legendTop = Math.round((height - legendHeight) / 2);
  const axis = (name: string) => ({
    type: 'value' as const,
    scale: true,
    show: showAxes,
    name: showAxes ? name : undefined,
    nameLocation: 'middle' as const,
    nameGap: 28,
    nameTextStyle: { color: TEXT_COLOR, fontSize: 12 },
    axisLabel: { color: '#444444', fontSize: 11 },
    axisLine: { onZero: false, lineStyle: { color: '#444444' } },
    splitLine: { show: false },
  });
  const option: EChartsOption = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: [
      {
        text: options.title ?? embeddingTitle(map),
        subtext: embeddingQuality(map),
        left: 'center',
        top: 10,
        textStyle: { fontSize: 15, fontWeight: 'bold', color: TEXT_COLOR },
        subtextStyle: { fontSize: 12, color: '#444444' },
      },
      { text: 'digit', right: 30, top: legendTop - 26, textStyle: { fontSize: 12, fontWeight: 'normal', color: '#444444' } },
    ],
    legend: {
      orient: 'vertical',
      right: 16,
      top: legendTop,
      data: classes.map(String),
      itemWidth: 14,
      itemHeight: LEGEND_ITEM_HEIGHT,
      itemGap: LEGEND_ITEM_GAP,
      textStyle: { fontSize: 13, color: TEXT_COLOR },
    },
    grid: { left: showAxes ? 60 : 24, right: LEGEND_WIDTH, top: 70, bottom: showAxes ? 50 : 24, containLabel: false, show: true, borderColor: '#cccccc' },
    xAxis: axis('code 1'),
    yAxis: axis('code 2'),
    series,
  };
  return { option, width, height };
}
