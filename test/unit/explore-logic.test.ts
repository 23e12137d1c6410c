import { describe, expect, it } from 'vitest';
import { mapExtent } from '../../src/renderer/src/explore/extent.ts';
import { linkedPositions, positionsByIndex, visiblePositions } from '../../src/renderer/src/explore/linking.ts';
import { mapKey, mapQuality, mapTitle, orderMaps } from '../../src/renderer/src/explore/map-keys.ts';
import { parseSearch } from '../../src/renderer/src/explore/search.ts';
import { insidePolygon, selectInAreas, selectionDigits } from '../../src/renderer/src/explore/selection.ts';

describe('map names', () => {
  it('keys each map by method and representation, and orders t-SNE, 2-d codes, UMAP; raw, PCA, arms', () => {
    const maps = [
      { method: 'umap' as const, representation: 'raw' },
      { method: 'tsne' as const, representation: 'random' },
      { method: 'code' as const, representation: 'pretrained' },
      { method: 'tsne' as const, representation: 'raw' },
      { method: 'tsne' as const, representation: 'pca' },
    ];
    expect(orderMaps(maps).map(mapKey)).toEqual(['tsne:raw', 'tsne:pca', 'tsne:random', 'code:pretrained', 'umap:raw']);
  });

  it('titles say which method drew the map and from what', () => {
    expect(mapTitle({ method: 'tsne', representation: 'pretrained' }, { pixels: 784, code: 30 })).toBe("t-SNE of the pretrained arm's 30-d codes");
    expect(mapTitle({ method: 'umap', representation: 'raw' }, { pixels: 784, code: 30 })).toBe('UMAP of raw pixels (784-d)');
    expect(mapTitle({ method: 'tsne', representation: 'pca' }, { code: 30 })).toBe('t-SNE of 30-d PCA codes');
    expect(mapTitle({ method: 'code', representation: 'random' })).toBe('2-d codes of the random arm, drawn as they are');
  });

  it('states trustworthiness against the pixels and 1-NN accuracy, rounded', () => {
    expect(mapQuality({ trustworthiness: 0.91234, knnAccuracy: 0.8333 })).toBe('trustworthiness vs pixels 0.912 · 1-NN accuracy 83.3%');
    expect(mapQuality({})).toBe('no quality figures stored');
  });
});

describe('the search box', () => {
  it('reads digits and test-image indices, in any mix of separators', () => {
    expect(parseSearch('3, #42 d5  17;0', 200)).toEqual({ ok: true, query: { digits: [0, 3, 5], indices: [17, 42] } });
    expect(parseSearch('   ', 200)).toEqual({ ok: true, query: { digits: [], indices: [] } });
    // #7 is a test image, not the digit 7.
    expect(parseSearch('#7', 200)).toEqual({ ok: true, query: { digits: [], indices: [7] } });
  });

  it('names the term and the allowed range when it cannot be read', () => {
    expect(parseSearch('#200', 200)).toEqual({ ok: false, error: '“#200”: test image #200 is outside the test set (#0..#199)' });
    expect(parseSearch('3 seven', 200)).toEqual({ ok: false, error: '“seven” is neither a digit (0–9, or d0–d9) nor a test-image index (#0..#199)' });
    expect(parseSearch('-4', 200).ok).toBe(false);
  });
});

describe('linking maps by test-image index', () => {
  // Two maps of the same four test images, listed in different orders.
  const first = [10, 20, 30, 40];
  const second = [40, 30, 10, 99];

  it('finds the same test images in another map by index, not by position', () => {
    expect(positionsByIndex(second).get(10)).toBe(2);
    // Positions 0 and 2 of the first map are images 10 and 30: in the second map, positions 2 and 1.
    expect(linkedPositions([first[0], first[2]], second)).toEqual([1, 2]);
    // Image 20 is not in the second map.
    expect(linkedPositions([20], second)).toEqual([]);
  });

  it('shows a point when its digit is on and the search, if it names digits, names it', () => {
    const labels = [3, 5, 3, 7];
    expect(visiblePositions(labels, new Set([3, 5, 7]))).toEqual([true, true, true, true]);
    expect(visiblePositions(labels, new Set([3, 7]))).toEqual([true, false, true, true]);
    expect(visiblePositions(labels, new Set([3, 5, 7]), [5, 7])).toEqual([false, true, false, true]);
    expect(visiblePositions(labels, new Set([3]), [7])).toEqual([false, false, false, false]);
  });
});

describe('brushed selections', () => {
  const points: [number, number][] = [
    [0, 0],
    [2, 2],
    [4, 1],
    [1, 3],
    [5, 5],
  ];
  const indices = [7, 3, 9, 1, 4];
  const all = [true, true, true, true, true];

  it('selects the shown points inside a rectangle, given either corner first', () => {
    const area = { brushType: 'rect' as const, coordRange: [[4.5, 0.5], [0.5, 3.5]] as [[number, number], [number, number]] };
    // (2,2) image 3, (4,1) image 9, (1,3) image 1 are inside; (0,0) and (5,5) are not.
    expect(selectInAreas(points, indices, all, [area])).toEqual([1, 3, 9]);
    expect(selectInAreas(points, indices, [true, true, false, true, true], [area])).toEqual([1, 3]);
  });

  it('selects inside a lasso polygon, also a concave one', () => {
    // A "C" shape open to the right: the notch x in (1,4), y in (1.5,2.5) is outside.
    const c: [number, number][] = [
      [0, 0],
      [4, 0],
      [4, 1.5],
      [1, 1.5],
      [1, 2.5],
      [4, 2.5],
      [4, 4],
      [0, 4],
    ];
    expect(insidePolygon(2, 2, c)).toBe(false);
    expect(insidePolygon(0.5, 2, c)).toBe(true);
    expect(insidePolygon(3, 1, c)).toBe(true);
    expect(insidePolygon(5, 1, c)).toBe(false);
    // (0,0) is a corner (ray casting counts the lower-left corner in), (2,2) sits in the notch, (4,1) on the right edge (out), (1,3) inside.
    expect(selectInAreas(points, indices, all, [{ brushType: 'polygon', coordRange: c }])).toEqual([1, 7]);
  });

  it('counts the digits of a selection, most first', () => {
    expect(selectionDigits([7, 3, 9, 1, 55], indices, [2, 5, 2, 8, 2])).toEqual([
      { digit: 2, count: 2 },
      { digit: 5, count: 1 },
      { digit: 8, count: 1 },
    ]);
  });
});

describe('map axes', () => {
  it('spans every point with 4 % padding, and widens a zero span', () => {
    const extent = mapExtent([
      [-1, 10],
      [3, 10],
    ]);
    expect(extent.x[0]).toBeCloseTo(-1.16, 12);
    expect(extent.x[1]).toBeCloseTo(3.16, 12);
    expect(extent.y[0]).toBeCloseTo(9.46, 12);
    expect(extent.y[1]).toBeCloseTo(10.54, 12);
  });
});
