import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCurvesSvg } from '../engine/figures/curves-svg.ts';
import { renderEmbeddingSvg } from '../engine/figures/embedding-svg.ts';
import { imageGridToPng } from '../engine/figures/image-grid-png.ts';
import { metricsCsv, resultsCsv } from '../main/export/csv.ts';
import { curvesOptionsFor } from '../main/export/curves-options.ts';
import { buildReportHtml } from '../main/export/report-html.ts';
import { metricPointsOf, type PipelineEvent } from '../shared/events.ts';
import type { EmbeddingMap, ExperimentSummary, ImageGrid, MetricPoint } from '../shared/results.ts';
import type { GroupSummary } from '../shared/seed-groups.ts';

/** Collects what a run produces, for the output folder. */
export class RunRecorder {
  readonly metrics: MetricPoint[] = [];
  readonly embeddings: EmbeddingMap[] = [];
  finalGrid?: ImageGrid;
  /** Top-flagged samples per digit from the debias stage. */
  readonly flaggedGrids = new Map<number, ImageGrid>();

  handle(event: PipelineEvent): void {
    this.metrics.push(...metricPointsOf(event));
    if (event.type === 'artifact' && event.kind === 'embedding') this.embeddings.push(event.map);
    if (event.type === 'artifact' && event.kind === 'reconstructions' && event.phase === 'final') this.finalGrid = event.grid;
    const flagged = event.type === 'artifact' && event.kind === 'reconstructions' ? /^debias:flagged:(\d+)$/.exec(event.phase) : null;
    if (flagged && event.type === 'artifact' && event.kind === 'reconstructions') this.flaggedGrids.set(Number(flagged[1]), event.grid);
  }
}

/** `debias.<method>.{auroc, averagePrecision, precision, recall}` beside the full detection record. */
function flattenDebias(debias: Record<string, unknown>): Record<string, unknown> {
  const methods = (debias.methods ?? {}) as Record<string, { auroc: number; averagePrecision: number; precision: number; recall: number }>;
  const flat = Object.fromEntries(
    Object.entries(methods).map(([name, m]) => [name, { auroc: m.auroc, averagePrecision: m.averagePrecision, precision: m.precision, recall: m.recall }]),
  );
  return { ...flat, ...debias };
}

/**
 * Writes summary.json, metrics.csv, results.csv (the coursework's name,accuracy file),
 * reconstructions.png, curves.svg, tsne-<representation>.svg (umap-… too when asked) and report.html;
 * returns the file names.
 */
export function writeRunOutputs(dir: string, summary: ExperimentSummary, recorder: RunRecorder): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    written.push(name);
  };
  write('summary.json', `${JSON.stringify({ ...summary, ...(summary.debias ? { debias: flattenDebias(summary.debias) } : {}) }, null, 2)}\n`);
  for (const [digit, grid] of recorder.flaggedGrids) write(`flagged-${digit}.png`, imageGridToPng(grid, { scale: 2 }));
  const trainingMetrics = trainingMetricsOf(recorder);
  write('metrics.csv', metricsCsv(trainingMetrics));
  write('results.csv', resultsCsv(summary));
  // The report labels the rows itself and draws its own unlabelled grid.
  if (recorder.finalGrid) write('reconstructions.png', imageGridToPng(recorder.finalGrid, { scale: 2, rowLabels: true }));
  if (trainingMetrics.length > 0) write('curves.svg', renderCurvesSvg(trainingMetrics, curvesOptionsFor(summary)));
  for (const map of recorder.embeddings) write(`${map.method === 'code' ? 'codes' : map.method}-${map.representation}.svg`, renderEmbeddingSvg(map));
  write('report.html', runReportHtml(summary, recorder));
  return written;
}

/** The run's report.html; with `group`, it carries the seed group's mean ± sd table too. */
export function runReportHtml(summary: ExperimentSummary, recorder: RunRecorder, group?: GroupSummary): string {
  return buildReportHtml({
    title: `Autoencoder Workbench — ${summary.config.name ?? summary.config.preset ?? 'experiment'}`,
    summary,
    metrics: trainingMetricsOf(recorder),
    reconstructions: recorder.finalGrid ? { grid: recorder.finalGrid } : undefined,
    embeddings: recorder.embeddings,
    createdAt: new Date(),
    group,
  });
}

function trainingMetricsOf(recorder: RunRecorder): MetricPoint[] {
  return recorder.metrics.filter((m) => !m.phase.startsWith('tsne:') && !m.phase.startsWith('debias:'));
}
