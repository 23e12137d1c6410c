import type { EmbeddingMap, ExperimentSummary, ImageGrid, MetricPoint } from '../../shared/results.ts';
import type { GroupSummary } from '../../shared/seed-groups.ts';
import { renderCurvesSvg } from '../../engine/figures/curves-svg.ts';
import { embeddingTitle } from '../../engine/figures/embedding-labels.ts';
import { renderEmbeddingSvg } from '../../engine/figures/embedding-svg.ts';
import { escapeHtml } from './html.ts';
import { inlineSvg } from './inline-svg.ts';
import { prettyJson } from './pretty-json.ts';
import { curvesOptionsFor } from './curves-options.ts';
import { humanTime } from './human-time.ts';
import { reconstructionFigureSvg } from './reconstruction-figure.ts';
import { debiasSection } from './report-debias.ts';
import { groupSection } from './report-group.ts';
import { REPORT_CSS } from './report-style.ts';
import { anchorNote, comparisonSentence, configTable, embeddingTable, environmentTable, resultsTable } from './report-tables.ts';

export interface ReportInput {
  title: string;
  summary: ExperimentSummary;
  metrics: MetricPoint[];
  /** The reconstruction grid; its PNG is drawn here unless `pngBase64` is given. */
  reconstructions?: { grid: ImageGrid; pngBase64?: string };
  embeddings?: EmbeddingMap[];
  createdAt: string | Date;
  notes?: string;
  /** Extra environment rows, e.g. app version, Node, OS, CPU. */
  environment?: Record<string, string>;
  /** The seed group this run belongs to: its figures as mean ± sd over the members. */
  group?: GroupSummary;
}

/** One self-contained HTML report (no external URL; figures inline), styled for screen and for printToPDF. */
export function buildReportHtml(input: ReportInput): string {
  const { summary } = input;
  const createdAt = humanTime(input.createdAt);
  const title = escapeHtml(input.title);
  const config = summary.config;
  const embeddings = input.embeddings ?? [];
  const subtitle = [
    `created ${createdAt}`,
    config.preset ? `preset ${config.preset}` : '',
    `${config.dataset.name}, ${config.dataset.trainSize} training / ${config.dataset.testSize} test images`,
    `layers ${config.layers.join('-')}`,
    `seed ${summary.seed}`,
    `backend ${summary.backend.name}`,
  ].filter(Boolean);

  const sections = [
    `<section id="results"><h2>Results</h2>${comparisonSentence(summary)}${resultsTable(summary)}${anchorNote(summary)}</section>`,
    groupSection(input.group, summary.seed),
    input.notes ? `<section id="notes"><h2>Notes</h2><div class="notes">${escapeHtml(input.notes)}</div></section>` : '',
    curvesSection(input),
    reconstructionsSection(input.reconstructions),
    embeddingsSection(summary, embeddings),
    debiasSection(summary),
    `<section id="config"><h2>Configuration</h2><div class="columns"><div>${configTable(config)}</div>` +
      `<div><h3>As JSON</h3><pre class="json">${escapeHtml(prettyJson(config))}</pre></div></div></section>`,
    `<section id="environment"><h2>Environment and backend</h2>${environmentTable(summary, input.environment ?? {}, createdAt)}</section>`,
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${title}</h1><p class="meta">${subtitle.map(escapeHtml).join(' · ')}</p></header>
${sections.filter(Boolean).join('\n')}
</main>
</body>
</html>
`;
}

function curvesSection(input: ReportInput): string {
  if (input.metrics.length === 0) return '';
  const svg = renderCurvesSvg(input.metrics, { ...curvesOptionsFor(input.summary), width: 960, panelHeight: 320 });
  return `<section id="curves"><h2>Training curves</h2><figure>${inlineSvg(svg, 'curves', 'Training curves')}` +
    `<figcaption>Per-layer RBM pretraining (reconstruction error per layer, whole-stack error, free-energy gap) and fine-tuning of each arm (training loss, test reconstruction error).</figcaption></figure></section>`;
}

function reconstructionsSection(reconstructions: ReportInput['reconstructions']): string {
  if (!reconstructions) return '';
  const { grid, pngBase64 } = reconstructions;
  const rows = grid.rows.map((r) => r.label).join(', ');
  const svg = reconstructionFigureSvg(grid, pngBase64);
  return `<section id="reconstructions"><h2>Reconstructions</h2><figure>${inlineSvg(svg, 'reconstructions', `Reconstructions of test digits: ${rows}`)}` +
    `<figcaption>Test digits ${escapeHtml(grid.digits.join(', '))}; rows: ${escapeHtml(rows)}.</figcaption></figure></section>`;
}

function embeddingsSection(summary: ExperimentSummary, maps: readonly EmbeddingMap[]): string {
  const quality = embeddingTable(summary, maps);
  if (!quality && maps.length === 0) return '';
  const figures = maps.map((map, i) => {
    const svg = renderEmbeddingSvg(map, { width: 560, height: 520 });
    return `<figure>${inlineSvg(svg, `map${i}`, embeddingTitle(map))}</figure>`;
  });
  return `<section id="embeddings"><h2>Embeddings</h2>${quality}<div class="maps">${figures.join('\n')}</div></section>`;
}
