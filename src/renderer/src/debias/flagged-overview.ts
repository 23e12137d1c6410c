import type { ArtifactInfo } from '../../../shared/api.ts';
import type { ClassDetection } from '../../../shared/debias-results.ts';
import type { ImageGrid } from '../../../shared/results.ts';

const FLAGGED_PHASE = /^debias:flagged:(\d+)$/;

/** The stored flagged-sample grids of a run (one per digit, phase `debias:flagged:<digit>`), by digit. */
export function flaggedArtifacts(artifacts: ArtifactInfo[]): { digit: number; id: number }[] {
  return artifacts
    .map((a) => ({ match: a.kind === 'reconstructions' && a.phase ? FLAGGED_PHASE.exec(a.phase) : null, id: a.id }))
    .filter((a): a is { match: RegExpExecArray; id: number } => a.match !== null)
    .map((a) => ({ digit: Number(a.match[1]), id: a.id }))
    .sort((x, y) => x.digit - y.digit);
}

/**
 * One row per digit: the `perRow` highest-ranked training images of each digit's grid, labelled
 * with how many of those shown are truly bias-conflicting (from the sealed colour labels).
 */
export function flaggedOverview(grids: { digit: number; grid: ImageGrid }[], perClass: ClassDetection[], perRow = 12): ImageGrid | undefined {
  if (grids.length === 0) return undefined;
  const first = grids[0].grid;
  const rows = grids.map(({ digit, grid }) => {
    const images = grid.rows.flatMap((r) => r.images).slice(0, perRow);
    const truth = perClass.find((c) => c.digit === digit)?.topFlaggedConflicting.slice(0, images.length);
    const hits = truth ? truth.filter(Boolean).length : undefined;
    return { label: hits === undefined ? `digit ${digit}` : `${digit}: ${hits}/${images.length} ✓`, images };
  });
  return { height: first.height, width: first.width, channels: first.channels, digits: grids.map((g) => g.digit), rows };
}
