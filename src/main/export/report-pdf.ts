import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The part of Electron's PrintToPDFOptions the report needs. */
export interface ReportPdfOptions {
  pageSize: 'A4';
  printBackground: boolean;
  preferCSSPageSize: boolean;
  displayHeaderFooter: boolean;
  generateDocumentOutline: boolean;
}

/** Something that can show a file and print it: an Electron `webContents` of a hidden window, or a test adapter. */
export interface PdfPrinter {
  loadFile(path: string): Promise<unknown>;
  printToPDF(options: ReportPdfOptions): Promise<Uint8Array>;
}

/** A4 with the report's own @page margins, backgrounds kept (table shading, grids), an outline from the headings. */
export const REPORT_PDF_OPTIONS: ReportPdfOptions = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
  generateDocumentOutline: true,
};

/**
 * Prints a report to PDF. The HTML goes through a temporary file, not a data: URL, because
 * Chromium caps URLs at 2 MB and a report with four t-SNE maps is larger than that.
 */
export async function renderReportPdf(html: string, printer: PdfPrinter, tempRoot: string = tmpdir()): Promise<Buffer> {
  const dir = await mkdtemp(join(tempRoot, 'workbench-report-'));
  try {
    const file = join(dir, 'report.html');
    await writeFile(file, html, 'utf8');
    await printer.loadFile(file);
    const pdf = Buffer.from(await printer.printToPDF(REPORT_PDF_OPTIONS));
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('printToPDF returned something that is not a PDF document');
    return pdf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
