import { LineChart, ScatterChart, BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, DataZoomComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, ScatterChart, BarChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

/** Lets the e2e tests read a chart's option through ECharts itself: `__echarts.getInstanceByDom(element).getOption()`. */
(globalThis as { __echarts?: Pick<typeof echarts, 'getInstanceByDom'> }).__echarts = { getInstanceByDom: echarts.getInstanceByDom };
