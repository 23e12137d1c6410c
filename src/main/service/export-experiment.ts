import type { ExperimentDetail, ExportFormat, RequestOutput } from '../../shared/api.ts';
import { ApiError, notFound } from '../../shared/errors.ts';
import type { EmbeddingMap, ExperimentSummary, ImageGrid } from '../../shared/results.ts';
import { metricsCsv, resultsCsv } from '../export/csv.ts';
import { buildReportHtml } from '../export/report-html.ts';
import type { Store } from '../store/store.ts';

export type ExportFile = RequestOutput<'exportExperiment'>;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'experiment';
}

function baseName(detail: ExperimentDetail): string {
  return `experiment-${detail.id}-${slug(detail.name)}`;
}

function requireSummary(detail: ExperimentDetail, format: ExportFormat): ExperimentSummary {
  if (!detail.summary) {
    throw new ApiError('conflict', `experiment ${detail.id} is ${detail.status} and has no results yet; export it as csv or json, or as ${format} once it is done`);
  }
  return detail.summary;
}

function reportHtml(store: Store, detail: ExperimentDetail): string {
  const summary = requireSummary(detail, 'html');
  let reconstructions: { grid: ImageGrid } | undefined;
  const embeddings: EmbeddingMap[] = [];
  for (const info of detail.artifacts) {
    const content = info.kind === 'reconstructions' || info.kind === 'embedding' ? store.artifact(info.id) : undefined;
    if (content?.kind === 'reconstructions') reconstructions = { grid: content.grid };
    if (content?.kind === 'embedding') embeddings.push(content.map);
  }
  return buildReportHtml({
    title: detail.name,
    summary,
    metrics: detail.metrics,
    reconstructions,
    embeddings,
    createdAt: detail.createdAt,
    notes: detail.notes || undefined,
    environment: { 'history id': String(detail.id), status: detail.status, ...(detail.tags.length ? { tags: detail.tags.join(', ') } : {}) },
  });
}

/** One experiment as a file: the HTML report, the metrics CSV, the coursework's results CSV, or everything as JSON. */
export function exportExperiment(store: Store, id: number, format: ExportFormat): ExportFile {
  const detail = store.getExperiment(id);
  if (!detail) throw notFound('experiment', id);
  const base = baseName(detail);
  switch (format) {
    case 'html':
      return { fileName: `${base}.html`, mimeType: 'text/html', text: reportHtml(store, detail) };
    case 'csv':
      return { fileName: `${base}-metrics.csv`, mimeType: 'text/csv', text: metricsCsv(detail.metrics) };
    case 'results-csv':
      return { fileName: `${base}-results.csv`, mimeType: 'text/csv', text: resultsCsv(requireSummary(detail, format)) };
    case 'json':
      return { fileName: `${base}.json`, mimeType: 'application/json', text: JSON.stringify(detail, null, 2) };
  }
}
