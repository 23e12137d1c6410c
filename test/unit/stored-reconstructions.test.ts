import { describe, expect, it } from 'vitest';
import { storedReconstructionIds } from '../../src/renderer/src/live/live-run.ts';

const grid = (id: number, phase: string | null, kind: 'reconstructions' | 'embedding' = 'reconstructions') => ({ id, kind, phase });

describe('the stored reconstructions a reopened Live view shows', () => {
  it('takes each fine-tuning phase\'s newest grid while the run has no final one, never a debias grid', () => {
    const artifacts = [grid(1, 'finetune:random'), grid(2, 'finetune:pretrained'), grid(5, 'finetune:random'), grid(3, 'debias:flagged'), grid(4, 'tsne:raw', 'embedding'), grid(6, null)];
    expect(storedReconstructionIds(artifacts).sort((a, b) => a.id - b.id)).toEqual([
      { phase: 'finetune:pretrained', id: 2 },
      { phase: 'finetune:random', id: 5 },
    ]);
  });

  it('takes the final grid alone once the run has one: it holds the originals, every arm and PCA', () => {
    expect(storedReconstructionIds([grid(1, 'finetune:random'), grid(2, 'finetune:pretrained'), grid(3, 'final')])).toEqual([{ phase: 'final', id: 3 }]);
  });

  it('gives nothing for a run without reconstructions', () => {
    expect(storedReconstructionIds([grid(4, 'tsne:raw', 'embedding')])).toEqual([]);
  });
});
