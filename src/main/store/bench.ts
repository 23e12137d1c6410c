import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENT_STATUSES } from '../../shared/api.ts';
import { PRESETS, PRESET_NAMES } from '../../shared/presets.ts';
import { openStore, type Store } from './store.ts';

/** Fills a store with `count` varied experiments (statuses, presets, tags, arm results). */
export function seedExperiments(store: Store, count: number): void {
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const preset = PRESET_NAMES[i % PRESET_NAMES.length];
      const id = store.createExperiment({
        config: { ...PRESETS[preset], seed: i },
        name: `run ${i} ${preset}`,
        tags: i % 3 === 0 ? ['sweep', `batch-${i % 10}`] : [`batch-${i % 10}`],
      });
      const status = EXPERIMENT_STATUSES[i % EXPERIMENT_STATUSES.length];
      if (status !== 'queued') store.setStatus(id, status === 'running' ? 'interrupted' : status);
      store.writeBatch(id, {
        arms: [{ arm: 'pretrained', testSSE: 3 + (i % 7), trainSSE: 3, logregAccuracy: 0.9, seconds: 1, init: 'rbm' }],
        metrics: [{ phase: 'finetune:pretrained', epoch: 1, name: 'testSSE', value: 3 + (i % 7) }],
      });
    }
  })();
}

/**
 * Time to list 1,000 experiments: the median over several runs of a full listing query (all
 * 1,000 rows in two 500-row pages, with tags, checkpoint positions and SSE) plus the filtered
 * queries the History view issues (status, preset, tag, search text).
 */
export function benchListExperiments(repeats = 7): { listThousandMs: number; filteredMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const store = openStore(join(dir, 'bench.db'));
  try {
    seedExperiments(store, 1000);
    const median = (f: () => void): number => {
      const times: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const start = performance.now();
        f();
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    };
    const listThousandMs = median(() => {
      const first = store.listExperiments({ limit: 500 });
      const second = store.listExperiments({ limit: 500, offset: 500 });
      if (first.items.length + second.items.length !== 1000) throw new Error('the bench store does not hold 1,000 experiments');
    });
    const filteredMs = median(() => {
      store.listExperiments({ status: ['done', 'failed'], limit: 500 });
      store.listExperiments({ preset: 'smoke', sort: { field: 'name', direction: 'asc' } });
      store.listExperiments({ tag: 'sweep', limit: 500 });
      store.listExperiments({ search: 'run 12', limit: 500 });
    });
    return { listThousandMs, filteredMs };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
