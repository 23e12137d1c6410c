import { describe, expect, it } from 'vitest';
import { csvField, metricsCsv, resultsCsv } from '../../src/main/export/csv.ts';
import { fixtureSummary } from './export-fixtures.ts';

/** A minimal RFC 4180 reader, to check that what we write reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('metrics CSV', () => {
  it('writes a header and one phase,epoch,name,value row per point at full precision', () => {
    const csv = metricsCsv([
      { phase: 'pretrain:1', epoch: 1, name: 'trainSSE', value: 12.345678901234 },
      { phase: 'finetune:random', epoch: 20, name: 'testSSE', value: -0.5 },
    ]);
    expect(csv).toBe('phase,epoch,name,value\npretrain:1,1,trainSSE,12.345678901234\nfinetune:random,20,testSSE,-0.5\n');
    expect(Number(parseCsv(csv)[1][3])).toBeCloseTo(12.345678901234, 12);
  });

  it('quotes fields holding commas, quotes or line breaks so they read back unchanged', () => {
    const awkward = 'custom, "odd"\nphase';
    const rows = parseCsv(metricsCsv([{ phase: awkward, epoch: 3, name: 'a,b', value: 1.5 }]));
    expect(rows).toEqual([['phase', 'epoch', 'name', 'value'], [awkward, '3', 'a,b', '1.5']]);
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('is just the header when there are no metrics', () => {
    expect(parseCsv(metricsCsv([]))).toEqual([['phase', 'epoch', 'name', 'value']]);
  });
});

describe('coursework results CSV', () => {
  it('has one name,accuracy row per representation in the order raw, pca, pretrained, random', () => {
    const rows = parseCsv(resultsCsv(fixtureSummary()));
    expect(rows.map((r) => r[0])).toEqual(['raw', 'pca', 'pretrained', 'random']);
    expect(rows.map((r) => Number(r[1]))).toEqual([0.9201, 0.8954, 0.9612, 0.9123]);
    expect(rows.every((r) => r.length === 2)).toBe(true);
  });

  it('leaves out representations that were not evaluated and can start with a header', () => {
    const summary = fixtureSummary();
    summary.arms = { pretrained: summary.arms.pretrained };
    summary.baselines = { raw: summary.baselines.raw };
    expect(resultsCsv(summary, { header: true })).toBe('name,accuracy\nraw,0.9201\npretrained,0.9612\n');
    expect(resultsCsv({ arms: {}, baselines: {} })).toBe('');
  });
});
