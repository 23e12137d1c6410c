import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportExperiment } from '../../src/main/service/export-experiment.ts';
import { encodeGrid } from '../../src/main/store/codec.ts';
import { openStore } from '../../src/main/store/store.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import { fixtureGrid, fixtureSummary } from './export-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'wb-report-debias-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report of a debias run', () => {
  it('draws the final reconstructions, not a flagged-sample grid stored after them', () => {
    const store = openStore(join(dir, 'history.db'));
    const id = store.createExperiment({ config: smokePreset, name: 'debias report' });
    const summary = fixtureSummary();
    const artifact = (phase: string, labels: string[]) => {
      const { meta, data } = encodeGrid(fixtureGrid(labels));
      return { kind: 'reconstructions' as const, name: 'reconstructions', phase, meta: { ...meta }, data };
    };
    store.writeBatch(id, {
      backend: summary.backend,
      arms: Object.values(summary.arms),
      metrics: [],
      evaluations: [],
      summary,
      artifacts: [artifact('final', ['original', 'pretrained']), artifact('debias:flagged:9', ['digit 9, ranks 1-3'])],
    });
    store.setStatus(id, 'done');
    const html = exportExperiment(store, id, 'html').text ?? '';
    store.close();
    const section = /<section id="reconstructions">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('rows: original, pretrained.');
    expect(section).not.toContain('digit 9');
  });
});
