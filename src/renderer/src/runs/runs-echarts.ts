import { ParallelChart } from 'echarts/charts';
import { ParallelComponent } from 'echarts/components';
import { echarts } from '../charts/echarts.ts';

// The app's ECharts build registers only the charts the other views draw; the Runs view adds parallel coordinates.
echarts.use([ParallelChart, ParallelComponent]);
