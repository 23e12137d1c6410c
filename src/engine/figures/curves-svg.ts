import type { MetricPoint } from '../../shared/results.ts';
import type { CurvePanel } from './curve-panel.ts';
import { panelsOption } from './panels-option.ts';
import { renderOptionSvg } from './render-svg.ts';
import { finetunePanels, rbmPanels, type TrainingPanelOptions } from './training-panels.ts';

export interface CurvesSvgOptions extends TrainingPanelOptions {
  /** Figure width in px (default 1100). */
  width?: number;
  /** Height of one panel in px (default 340). */
  panelHeight?: number;
  /** Panels per row (default 2). */
  columns?: number;
  title?: string;
}

/** Every recorded training curve: per-layer RBM panels, then fine-tuning panels of both arms. */
export function renderCurvesSvg(metrics: readonly MetricPoint[], options: CurvesSvgOptions = {}): string {
  return renderPanelsSvg([...rbmPanels(metrics, options), ...finetunePanels(metrics, options)], options);
}

/** Per-layer RBM curves only (one line per layer). */
export function renderRbmCurvesSvg(metrics: readonly MetricPoint[], options: CurvesSvgOptions = {}): string {
  return renderPanelsSvg(rbmPanels(metrics, options), options);
}

/** Fine-tuning curves only (one line per arm). */
export function renderFinetuneCurvesSvg(metrics: readonly MetricPoint[], options: CurvesSvgOptions = {}): string {
  return renderPanelsSvg(finetunePanels(metrics, options), options);
}

export function renderPanelsSvg(panels: readonly CurvePanel[], options: CurvesSvgOptions = {}): string {
  const width = options.width ?? 1100;
  const columns = options.columns ?? 2;
  const panelHeight = options.panelHeight ?? 340;
  return renderOptionSvg(panelsOption(panels, { width, columns, panelHeight, title: options.title }));
}
