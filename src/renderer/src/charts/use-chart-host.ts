import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { echarts } from './echarts.ts';

export type ChartInstance = ReturnType<typeof echarts.init>;

/**
 * A canvas chart on the `host` element from mount to unmount, resized with the element. `onInit` gets
 * it once mounted; the returned function gives it, or undefined before mount and after unmount.
 */
export function useChartHost(host: Ref<HTMLDivElement | undefined>, onInit: (chart: ChartInstance) => void): () => ChartInstance | undefined {
  let chart: ChartInstance | undefined;
  let resizeObserver: ResizeObserver | undefined;
  onMounted(() => {
    if (!host.value) return;
    chart = echarts.init(host.value, undefined, { renderer: 'canvas' });
    onInit(chart);
    resizeObserver = new ResizeObserver(() => chart?.resize());
    resizeObserver.observe(host.value);
  });
  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
  return () => chart;
}
