import type { ExperimentDetail, ExperimentListItem } from '../shared/api.ts';
import { adapterLabel } from '../shared/describe-adapter.ts';

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function sse(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, v]) => `${name} ${v.toFixed(2)}`)
    .join(', ');
}

export function experimentTable(items: ExperimentListItem[]): string {
  const rows = [['ID', 'STATUS', 'NAME', 'PRESET', 'DATASET', 'CREATED', 'TEST SSE']];
  for (const e of items) {
    rows.push([String(e.id), e.status, e.name, e.preset ?? '-', e.dataset, e.createdAt.slice(0, 19).replace('T', ' '), sse(e.testSSE) || '-']);
  }
  return pad(rows);
}

export function experimentText(e: ExperimentDetail): string {
  const lines = [
    `experiment ${e.id}: ${e.name}`,
    `  status     ${e.status}${e.error ? ` (${e.error})` : ''}`,
    `  preset     ${e.preset ?? 'custom'}; ${e.dataset} ${e.config.dataset.trainSize}/${e.config.dataset.testSize}; layers ${e.config.layers.join('-')}; seed ${e.config.seed}`,
    `  backend    ${e.backend ?? 'not chosen yet'}${e.backendInfo?.adapter ? ` on ${adapterLabel(e.backendInfo.adapter)}` : ''}`,
    `  created    ${e.createdAt}${e.finishedAt ? `, finished ${e.finishedAt}` : ''}`,
  ];
  if (e.group) lines.push(`  group      seed group ${e.group.id}: run ${e.group.index + 1} of ${e.group.size} (seeds from ${e.group.baseSeed})`);
  if (e.tags.length) lines.push(`  tags       ${e.tags.join(', ')}`);
  if (e.position) lines.push(`  checkpoint ${e.position}`);
  if (e.notes) lines.push(`  notes      ${e.notes.replace(/\n/g, '\n             ')}`);
  if (e.arms.length || e.baselines.length) {
    lines.push('', pad([
      ['REPRESENTATION', 'TEST SSE', 'TRAIN SSE', 'LOGREG ACC'],
      ...e.arms.map((a) => [a.arm, a.testSSE.toFixed(3), a.trainSSE.toFixed(3), (a.logregAccuracy * 100).toFixed(2) + '%']),
      ...e.baselines.map((b) => [b.baseline, b.result.testSSE?.toFixed(3) ?? '-', '-', (b.result.logregAccuracy * 100).toFixed(2) + '%']),
    ]).replace(/^/gm, '  '));
  }
  const phases = [...new Set(e.metrics.map((m) => m.phase))];
  if (phases.length) {
    lines.push('', '  curves:');
    for (const phase of phases) {
      const points = e.metrics.filter((m) => m.phase === phase);
      const last = Math.max(...points.map((m) => m.epoch));
      const finals = points.filter((m) => m.epoch === last).map((m) => `${m.name} ${m.value.toPrecision(5)}`);
      lines.push(`    ${phase.padEnd(18)} ${last} epochs; last: ${finals.join(', ')}`);
    }
  }
  if (e.artifacts.length) {
    lines.push('', `  artifacts: ${e.artifacts.map((a) => `${a.kind}:${a.name}${a.phase ? `@${a.phase}` : ''} (#${a.id}, ${a.byteSize} B)`).join('; ')}`);
  }
  return lines.join('\n');
}
