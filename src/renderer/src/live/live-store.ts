import { ref, watch } from 'vue';
import { subscribe } from '../api/client.ts';
import { connection } from '../api/connection.ts';
import type { ArtifactInfo } from '../../../shared/api.ts';
import type { ImageGrid } from '../../../shared/results.ts';
import { applyPipelineEvent, emptyLiveRun, seedFromStored, storedReconstructionIds, type LiveRun, type StoredRun } from './live-run.ts';

/** How often views re-render while events stream in; every event is still kept. */
const RENDER_INTERVAL_MS = 250;

const runs = new Map<number, LiveRun>();

/** Bumped at most every RENDER_INTERVAL_MS after events arrive; views read it to re-render. */
export const liveVersion = ref(0);

let scheduled = false;
function scheduleRender(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    liveVersion.value++;
  }, RENDER_INTERVAL_MS);
}

function runOf(experimentId: number): LiveRun {
  let run = runs.get(experimentId);
  if (!run) runs.set(experimentId, (run = emptyLiveRun(experimentId)));
  return run;
}

subscribe('pipeline', ({ experimentId, event }) => {
  applyPipelineEvent(runOf(experimentId), event);
  scheduleRender();
});

subscribe('run-state', ({ experimentId, status, error }) => {
  const run = runOf(experimentId);
  run.status = status;
  if (error) run.error = error;
  run.log.push({ time: Date.now(), level: status === 'failed' ? 'error' : 'info', message: `run ${status}${error ? `: ${error}` : ''}` });
  scheduleRender();
});

/** The live state of an experiment (read `liveVersion` in the same computed to follow it). */
export function liveRun(experimentId: number): LiveRun | undefined {
  return runs.get(experimentId);
}

/** Starts tracking an experiment before its first event, e.g. right after creating it. */
export function trackRun(experimentId: number): LiveRun {
  const run = runOf(experimentId);
  scheduleRender();
  return run;
}

const seeded = new Set<number>();
// After a reconnect the store may hold what the lost events would have said: seed again.
watch(
  () => connection.value.reconnects,
  () => seeded.clear(),
  { flush: 'sync' },
);

/** Adds what the store already holds for an experiment, once per experiment and connection. */
export function seedRun(experimentId: number, stored: StoredRun): LiveRun {
  const run = runOf(experimentId);
  if (!seeded.has(experimentId)) {
    seeded.add(experimentId);
    seedFromStored(run, stored);
    scheduleRender();
  }
  return run;
}

/** Adds the stored reconstructions a run's events did not bring (a view opened after they were made); a live grid wins. */
export async function seedStoredReconstructions(experimentId: number, artifacts: readonly ArtifactInfo[], read: (artifactId: number) => Promise<ImageGrid | undefined>): Promise<void> {
  const run = runOf(experimentId);
  for (const { phase, id } of storedReconstructionIds(artifacts)) {
    if (run.reconstructions[phase]) continue;
    const grid = await read(id);
    if (grid && !run.reconstructions[phase]) run.reconstructions[phase] = grid;
  }
  scheduleRender();
}
