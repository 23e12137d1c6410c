import { describe, expect, it } from 'vitest';
import type { ArtifactInfo } from '../../src/shared/api.ts';
import type { ClassDetection } from '../../src/shared/debias-results.ts';
import type { ImageGrid } from '../../src/shared/results.ts';
import { flaggedArtifacts, flaggedOverview } from '../../src/renderer/src/debias/flagged-overview.ts';

function info(id: number, phase: string | null, kind: ArtifactInfo['kind'] = 'reconstructions'): ArtifactInfo {
  return { id, experimentId: 1, kind, name: 'reconstructions', phase, byteSize: 10, createdAt: '2026-12-06T01:00:00.000Z' };
}

/** A digit's grid of `count` 1x1 images whose single pixel is its rank / 100, 4 a row. */
function grid(count: number): ImageGrid {
  const images = Array.from({ length: count }, (_, i) => [i / 100]);
  const rows = [];
  for (let s = 0; s < count; s += 4) rows.push({ label: `ranks ${s + 1}`, images: images.slice(s, s + 4) });
  return { height: 1, width: 1, channels: 1, digits: [], rows };
}

describe('the flagged images of a debias run', () => {
  it('finds the per-digit grids among a run’s artifacts, in digit order, and nothing else', () => {
    const artifacts = [info(7, 'final'), info(9, 'debias:flagged:3'), info(8, 'debias:flagged:0'), info(5, null), info(6, 'debias:flagged:1', 'weights')];
    expect(flaggedArtifacts(artifacts)).toEqual([
      { digit: 0, id: 8 },
      { digit: 3, id: 9 },
    ]);
  });

  it('shows one row a digit, the top images in rank order, counting the truly conflicting ones shown', () => {
    const perClass = [{ digit: 3, topFlaggedConflicting: [true, false, true, true, false, true, true] } as ClassDetection];
    const overview = flaggedOverview([{ digit: 0, grid: grid(10) }, { digit: 3, grid: grid(12) }], perClass, 6);
    expect(overview?.rows.map((r) => r.label)).toEqual(['digit 0', '3: 4/6 ✓']);
    // Ranks 1..6 across the 4-wide rows of the stored grid.
    expect(overview?.rows[1].images.map((p) => p[0])).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(flaggedOverview([], perClass)).toBeUndefined();
  });
});
