import type { ExperimentDetail, ExportFormat, RequestOutput } from '../../shared/api.ts';
import { ApiError, notFound } from '../../shared/errors.ts';
import type { EmbeddingMap, ExperimentSummary, ImageGrid } from '../../shared/results.ts';
import { metricsCsv, resultsCsv } from '../export/csv.ts';
import { buildReportHtml } from '../export/report-html.ts';
import { storedGroup } from './seed-group.ts';
import type { Store } from '../store/store.ts';

export type ExportFile = RequestOutput<'exportExperiment'>;
/** Turns report HTML into PDF bytes (in the desktop app: printToPDF of a hidden window). */
export type PrintPdf = (html: string) => Promise<Uint8Array>;

export const PDF_NEEDS_DESKTOP =
  'PDF export needs the desktop app (it prints with Electron); here, export the HTML report, open it and print it to PDF from the browser';

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
    // A debias run's flagged-sample grids are stored as image grids too; they are not the reconstructions.
    const flagged = info.phase?.startsWith('debias:flagged:') ?? false;
    const content = (info.kind === 'reconstructions' && !flagged) || info.kind === 'embedding' ? store.artifact(info.id) : undefined;
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
    group: detail.group ? storedGroup(store, detail.group.id)?.group : undefined,
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
    case 'pdf':
      throw new ApiError('conflict', PDF_NEEDS_DESKTOP);
  }
}

/** The HTML report printed to PDF; refused with a clear message where nothing can print (host, CLI). */
export async function exportExperimentPdf(store: Store, id: number, printPdf: PrintPdf | undefined): Promise<ExportFile> {
  const detail = store.getExperiment(id);
  if (!detail) throw notFound('experiment', id);
  if (!printPdf) throw new ApiError('conflict', PDF_NEEDS_DESKTOP);
  const pdf = Buffer.from(await printPdf(reportHtml(store, detail)));
  return { fileName: `${baseName(detail)}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64') };
}
