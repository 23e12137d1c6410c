/** The most runs one Runs view opens at once (each is fetched whole, with its metrics). */
export const MAX_RUNS = 50;

/** The experiment ids of `#/runs?ids=3,4,7`, in order, without repeats; throws naming the bad entry. */
export function parseRunIds(text: string | undefined): number[] {
  const parts = (text ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error('ids: give the runs to open, e.g. #/runs?ids=3,4,7');
  const ids: number[] = [];
  for (const part of parts) {
    const id = Number(part);
    if (!/^\d+$/.test(part) || !Number.isSafeInteger(id) || id < 1) throw new Error(`ids: "${part}" is not an experiment id (a whole number from 1)`);
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_RUNS) throw new Error(`ids: at most ${MAX_RUNS} runs at once (got ${ids.length})`);
  return ids;
}

/** The `ids` query value for these runs. */
export function runIdsQuery(ids: readonly number[]): string {
  return ids.join(',');
}
