import type { ExperimentSummary } from '../../shared/results.ts';
import { summariseGroup, type GroupSummary } from '../../shared/seed-groups.ts';
import type { Store } from '../store/store.ts';

/** A seed group as the history holds it: its finished members' figures, and the first finished member's summary (for the budget). */
export interface StoredGroup {
  group: GroupSummary;
  first: ExperimentSummary;
  /** Members that have not finished (running, failed, cancelled), by id. */
  unfinished: number[];
}

/** The group's figures over the members that finished, read back from the history; undefined if none has. */
export function storedGroup(store: Store, groupId: number): StoredGroup | undefined {
  const finished: { id: number; seed: number; summary: ExperimentSummary }[] = [];
  const unfinished: number[] = [];
  for (const id of store.groupMembers(groupId)) {
    const detail = store.getExperiment(id);
    if (detail?.status === 'done' && detail.summary) finished.push({ id, seed: detail.config.seed, summary: detail.summary });
    else unfinished.push(id);
  }
  if (finished.length === 0) return undefined;
  return { group: summariseGroup(finished, groupId, finished.map((m) => m.id)), first: finished[0].summary, unfinished };
}
