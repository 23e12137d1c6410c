import { ParallelChart } from 'echarts/charts';
import { AriaComponent, ParallelComponent } from 'echarts/components';
import { echarts } from '../charts/echarts.ts';

// The app's ECharts build registers only what the other views draw; the Runs view adds parallel coordinates,
// and ARIA descriptions that name every series (the overlay's legend, read by screen readers and tests).
echarts.use([ParallelChart, ParallelComponent, AriaComponent]);
