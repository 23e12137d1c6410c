import { SeededRandom } from '../random.ts';

/**
 * `count` distinct indices into `labels`, as many per class as possible (classes with too few
 * items give all they have and the others make up the difference), chosen by `seed` and
 * returned in ascending order. Use the same indices for every representation of one
 * experiment so that the maps are comparable point for point.
 */
export function stratifiedSample(labels: ArrayLike<number>, count: number, seed: number): Int32Array {
  if (!Number.isInteger(count) || count < 0 || count > labels.length) {
    throw new Error(`stratifiedSample: count must be an integer in [0, ${labels.length}] (got ${count})`);
  }
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`stratifiedSample: seed must be a non-negative integer (got ${seed})`);
  const random = new SeededRandom(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byClass.get(labels[i]);
    if (members) members.push(i);
    else byClass.set(labels[i], [i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b).map((label) => byClass.get(label)!);
  for (const members of classes) random.shuffleInPlace(members);
  const quotas = fairQuotas(classes.map((members) => members.length), count);
  const chosen: number[] = [];
  classes.forEach((members, c) => chosen.push(...members.slice(0, quotas[c])));
  return Int32Array.from(chosen.sort((a, b) => a - b));
}

/** Splits `total` over classes as evenly as their sizes allow; leftover units go to the earliest classes. */
function fairQuotas(sizes: number[], total: number): number[] {
  const quotas = sizes.map(() => 0);
  let remaining = total;
  let open = sizes.map((_, c) => c);
  while (remaining > 0 && open.length > 0) {
    const share = Math.floor(remaining / open.length);
    if (share === 0) {
      for (const c of open.slice(0, remaining)) quotas[c]++;
      break;
    }
    for (const c of open) {
      const take = Math.min(share, sizes[c] - quotas[c]);
      quotas[c] += take;
      remaining -= take;
    }
    open = open.filter((c) => quotas[c] < sizes[c]);
  }
  return quotas;
}
