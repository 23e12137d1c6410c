/** The report's only stylesheet: screen layout plus print rules for Electron's printToPDF (A4). */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1d1d1f; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1140px; margin: 0 auto; padding: 32px 28px 56px; }
header { border-bottom: 2px solid #1d1d1f; padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d0d0; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: #555555; margin: 0; }
.lead { font-size: 16px; }
.note { color: #444444; font-size: 13px; }
.notes { white-space: pre-wrap; background: #f6f6f6; border-left: 3px solid #0072B2; padding: 10px 14px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #dddddd; padding: 6px 12px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
table.results td:not(:first-child), table.results th:not(:first-child) { text-align: right; }
table.nowrap td:not(:first-child) { white-space: nowrap; }
table.config { font-size: 13px; }
table.config td:first-child { white-space: nowrap; }
small { font-weight: normal; color: #555555; }
code, pre { font-family: "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
figure { margin: 16px 0; }
figure svg, figure img { display: block; max-width: 100%; height: auto; }
figure img { image-rendering: pixelated; }
figcaption { color: #444444; font-size: 13px; margin-top: 6px; }
.maps { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 12px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
@media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, .notes { break-inside: avoid; page-break-inside: avoid; }
  .maps { grid-template-columns: 1fr 1fr; }
  .columns { grid-template-columns: 1fr; }
  pre { white-space: pre-wrap; font-size: 8.5pt; }
  pre.json { columns: 2; column-gap: 18px; }
  th, td { padding: 4px 8px; }
  th { font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
