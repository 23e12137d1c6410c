import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReportHtml, type ReportInput } from '../../src/main/export/report-html.ts';
import { renderReportPdf, type PdfPrinter } from '../../src/main/export/report-pdf.ts';
import { CHROMIUM_PATH, chromium as chromiumPrerequisite, needs } from '../support/prerequisites.ts';
import { fixtureGrid, fixtureMap, fixtureMetrics, fixtureSummary } from './export-fixtures.ts';

const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    title: 'Quick run <pretrained & random>',
    summary: fixtureSummary(),
    metrics: fixtureMetrics(4, 5, 6),
    reconstructions: { grid: fixtureGrid() },
    embeddings: ['raw', 'pca', 'pretrained', 'random'].map((r) => fixtureMap(r, 3)),
    createdAt: new Date('2026-11-26T15:00:00Z'),
    notes: 'Second try: <b>lr</b> halved',
    environment: { node: 'v20.19.0' },
    ...overrides,
  };
}

function section(html: string, id: string): string {
  return new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
}

function texts(html: string): string[] {
  return [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

function cells(rowHtml: string): string[] {
  return [...rowHtml.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
}

describe('HTML report', () => {
  const html = buildReportHtml(input());

  it('is one self-contained document: no external URL, a CSP that forbids fetching, inline styles only', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(src|href)="(?!data:)/);
    expect(html).not.toMatch(/<link\b|<script\b/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
  });

  it('tabulates test error and logistic accuracy per representation next to the paper anchors', () => {
    const results = section(html, 'results');
    const rows = results.split('<tr>').slice(2);
    expect(rows).toHaveLength(4);
    expect(cells(rows[0]).slice(0, 3)).toEqual(['raw pixels', '—', '92.01%']);
    expect(cells(rows[1]).slice(0, 4)).toEqual(['PCA (30 components)', '14.20', '89.54%', '13.87']);
    expect(cells(rows[2]).slice(0, 6)).toEqual(['pretrained autoencoder', '4.52', '96.12%', '3.00', 'rbm', '512.3']);
    expect(cells(rows[3]).slice(0, 5)).toEqual(['random-start autoencoder', '8.31', '91.23%', '—', 'glorot-uniform']);
    // (8.3147 - 4.5213) / 8.3147 = 45.6%; (14.1987 - 4.5213) / 14.1987 = 68.2%
    expect(results).toContain('45.6% below the random-start arm (8.31) and 68.2% below PCA (14.20)');
    expect(results).toContain('training used 10,000 of the 60,000 images');
  });

  it('drops the paper column when the run is not MNIST with 30-d codes, since the anchors do not apply', () => {
    const summary = fixtureSummary();
    summary.config = { ...summary.config, layers: [784, 64, 8] };
    const results = section(buildReportHtml(input({ summary })), 'results');
    expect(results).not.toContain('paper’s test error');
    const rows = results.split('<tr>').slice(2);
    expect(cells(rows[2])).toEqual(['pretrained autoencoder', '4.52', '96.12%', 'rbm', '512.3']);
    expect(results).toContain('Compare with care: the code has 8 dimensions, not 30');
  });

  it('embeds every figure: the curves, the reconstruction grid and one map per representation', () => {
    const svgs = html.match(/<svg\b/g) ?? [];
    expect(svgs).toHaveLength(1 + 1 + 4);
    expect(section(html, 'curves')).toContain('aria-label="Training curves"');
    expect(section(html, 'curves')).toContain('PCA 14.20');
    const grid = section(html, 'reconstructions');
    expect(grid).toContain('aria-label="Reconstructions of test digits: original, pretrained, random, PCA"');
    // 3 columns and 4 rows of 28x28 at scale 2 with 2px gaps: 2 + 3 * 58 by 2 + 4 * 58
    expect(grid).toMatch(/<image x="110" y="0" width="176" height="234" [^>]*href="data:image\/png;base64,iVBORw0KGgo/);
    expect(texts(grid)).toEqual(['original', 'pretrained', 'random', 'PCA']);
    const maps = section(html, 'embeddings');
    for (const title of ['t-SNE of raw pixels', 't-SNE of PCA codes', 't-SNE of pretrained autoencoder codes', 't-SNE of random-start autoencoder codes']) {
      expect(maps).toContain(`aria-label="${title}"`);
    }
    expect(maps).toContain('<td>0.953</td><td>91.2%</td><td>1.234</td><td>30</td>');
  });

  it('keeps the inlined charts from sharing ids or class names', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const classRules = [...html.matchAll(/^\.([\w-]+):hover/gm)].map((m) => m[1]);
    expect(classRules.length).toBeGreaterThan(0);
    expect(new Set(classRules).size).toBe(classRules.length);
    expect(html).not.toContain('ecmeta_');
  });

  it('shows the config as a table and as JSON, the backend and the environment', () => {
    const config = section(html, 'config');
    expect(config).toContain('<td><code>pretrain.learningRate</code></td><td>0.1</td>');
    expect(config).toContain('<td><code>layers</code></td><td>[784, 1000, 500, 250, 30]</td>');
    expect(config).toContain('&quot;topLearningRate&quot;: 0.001');
    expect(config).toContain('&quot;layers&quot;: [784, 1000, 500, 250, 30],');
    expect(JSON.parse(/<pre class="json">([\s\S]*?)<\/pre>/.exec(config)?.[1].replaceAll('&quot;', '"') ?? '')).toEqual(fixtureSummary().config);
    const env = section(html, 'environment');
    expect(env).toContain('<td>backend</td><td>wasm (@tensorflow/tfjs-backend-wasm)</td>');
    expect(env).toContain('<td>skipped tensorflow</td><td>module not installed</td>');
    expect(env).toContain('<td>node</td><td>v20.19.0</td>');
    expect(env).toContain('<td>report created</td><td>26 Nov 2026, 15:00 UTC</td>');
    expect(html).not.toContain('2026-11-26T15:00');
  });

  it('escapes user text in the title and notes', () => {
    expect(html).toContain('<title>Quick run &lt;pretrained &amp; random&gt;</title>');
    expect(section(html, 'notes')).toContain('Second try: &lt;b&gt;lr&lt;/b&gt; halved');
    expect(html).not.toContain('<b>lr</b>');
  });

  it('uses the PNG of the reconstructions when given one, as a data URI', () => {
    const withPng = buildReportHtml(input({ reconstructions: { grid: fixtureGrid(), pngBase64: ONE_PIXEL_PNG } }));
    expect(section(withPng, 'reconstructions')).toContain(`width="1" height="1" style="image-rendering:pixelated" href="data:image/png;base64,${ONE_PIXEL_PNG}"`);
    expect(() => buildReportHtml(input({ reconstructions: { grid: fixtureGrid(), pngBase64: 'aGVsbG8gd29ybGQsIG5vdCBhIHBuZyBhdCBhbGw=' } }))).toThrow(
      /reconstructions\.pngBase64: not a PNG image/,
    );
  });

  it('draws the paper anchor only when the run follows the paper’s data and code size, and leaves out absent sections', () => {
    const summary = fixtureSummary();
    summary.config = { ...summary.config, dataset: { ...summary.config.dataset, trainSize: 60_000 } };
    const paperLike = buildReportHtml(input({ summary, reconstructions: undefined, embeddings: undefined, notes: undefined }));
    expect(section(paperLike, 'curves')).toContain('paper autoencoder 3.00');
    expect(section(paperLike, 'results')).not.toContain('Compare with care');
    expect(paperLike).not.toContain('<section id="reconstructions">');
    expect(paperLike).not.toContain('<section id="embeddings">');
    expect(paperLike).not.toContain('<section id="notes">');
    expect(section(html, 'curves')).not.toContain('paper autoencoder');
  });
});

const hasChromium = needs(chromiumPrerequisite(), import.meta.filename);

describe('report as PDF', () => {
  it.skipIf(!hasChromium)('prints to a multi-page A4 PDF in real Chromium, through a temporary file it removes', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      let loaded = '';
      const printer: PdfPrinter = {
        loadFile: async (path) => {
          loaded = path;
          await page.goto(pathToFileURL(path).href);
        },
        printToPDF: async (o) => page.pdf({ format: o.pageSize, printBackground: o.printBackground, preferCSSPageSize: o.preferCSSPageSize, outline: o.generateDocumentOutline }),
      };
      const pdf = await renderReportPdf(buildReportHtml(input()), printer);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.length).toBeLessThanOrEqual(10);
      // A4 is 210 x 297 mm = 595.3 x 841.9 points
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(Number(box?.[1])).toBeCloseTo(595.3, 0);
      expect(Number(box?.[2])).toBeCloseTo(841.9, 0);
      expect(existsSync(loaded)).toBe(false);
    } finally {
      await browser.close();
    }
  });
});
