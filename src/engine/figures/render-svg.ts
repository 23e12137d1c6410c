import * as echarts from 'echarts';
import type { SizedOption } from './panels-option.ts';

/** Renders an ECharts option to an SVG document on the server (no DOM, no animation). */
export function renderOptionSvg({ option, width, height }: SizedOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
