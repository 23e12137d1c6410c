import { describe, expect, it } from 'vitest';
import type { EmbeddingMap } from '../../src/shared/results.ts';
import { smokePreset } from '../../src/shared/presets.ts';
import type { BrowserWorkbench } from './browser-workbench.ts';
import { workbenchPerFile } from './workbench-per-file.ts';

/** Pixels between the chart element's edge and the plotting area (the view's MAP_INSET). */
const INSET = 10;

let workbench: BrowserWorkbench;
const hasChromium = workbenchPerFile(import.meta.filename, (opened) => {
  workbench = opened;
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each point of a map is drawn on the page, from the map's data and the chart's axis extent (no zoom). */
function pixelsOf(map: EmbeddingMap, box: Box, extent: number[]): [number, number][] {
  const [x0, x1, y0, y1] = extent;
  const left = box.x + INSET;
  const top = box.y + INSET;
  const width = box.width - 2 * INSET;
  const height = box.height - 2 * INSET;
  return map.points.map(([x, y]) => [left + ((x - x0) / (x1 - x0)) * width, top + height - ((y - y0) / (y1 - y0)) * height]);
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe.skipIf(!hasChromium)('the Explore view in Chromium against the loopback host', () => {
  let id = 0;
  const maps = new Map<string, EmbeddingMap>();
  const page = () => workbench.page;
  const chart = (key: string) => page().locator(`[data-map="${key}"] .chart`);
  const attribute = async (key: string, name: string) => (await chart(key).getAttribute(name)) ?? '';
  const indicesOf = async (key: string, name: string) => ((await attribute(key, name)) || '').split(',').filter(Boolean).map(Number);

  it('shows every map of a run with a 2-d code and UMAP on: t-SNE, 2-d codes and UMAP, each titled with its quality figures', async () => {
    // A 2-d code layer: the arms' and PCA's codes are maps as they are, raw pixels get a t-SNE map and a UMAP map.
    const config = {
      ...smokePreset,
      preset: undefined,
      dataset: { name: 'mnist' as const, trainSize: 300, testSize: 300 },
      layers: [784, 32, 2],
      pretrain: { ...smokePreset.pretrain, epochs: 1 },
      finetune: { ...smokePreset.finetune, epochs: 1 },
      evaluation: { ...smokePreset.evaluation, reconstructions: false, tsne: { ...smokePreset.evaluation.tsne, points: 300, iterations: 120 }, umap: true },
    };
    ({ id } = await workbench.service.request('createExperiment', { config, name: 'e2e explore' }));
    await expect.poll(async () => (await workbench.service.request('getExperiment', { id })).status, { timeout: 200_000, interval: 500 }).toBe('done');
    const detail = await workbench.service.request('getExperiment', { id });
    for (const artifact of detail.artifacts.filter((a) => a.kind === 'embedding')) {
      const content = await workbench.service.request('getArtifact', { id: artifact.id });
      if (content.kind === 'embedding') maps.set(`${content.map.method}:${content.map.representation}`, content.map);
    }
    expect([...maps.keys()].sort()).toEqual(['code:pca', 'code:pretrained', 'code:random', 'tsne:raw', 'umap:raw']);

    await page().goto(`${workbench.host.url}#/explore/${id}?map=tsne:raw`);
    for (const key of maps.keys()) await expect.poll(() => attribute(key, 'data-points'), { timeout: 15_000 }).toBe('300');
    const titles: Record<string, string> = {
      'tsne:raw': 't-SNE of raw pixels (784-d)',
      'umap:raw': 'UMAP of raw pixels (784-d)',
      'code:pca': '2-d PCA codes, drawn as they are',
      'code:pretrained': '2-d codes of the pretrained arm, drawn as they are',
      'code:random': '2-d codes of the random arm, drawn as they are',
    };
    for (const [key, map] of maps) {
      const card = page().locator(`section[data-map="${key}"]`);
      expect(await card.locator('h2').textContent()).toBe(titles[key]);
      const quality = (await card.locator('[data-testid="map-quality"]').textContent()) ?? '';
      expect(quality).toContain(`trustworthiness vs pixels ${map.trustworthiness!.toFixed(3)}`);
      expect(quality).toContain(`1-NN accuracy ${(map.knnAccuracy! * 100).toFixed(1)}%`);
    }
    expect(await page().locator('[data-testid="main-map"]').getAttribute('data-map')).toBe('tsne:raw');
    await workbench.screenshot('explore');
  }, 240_000);

  it('filters by digit and by search: the points drawn are exactly that digit’s test images, in every map', async () => {
    const raw = maps.get('tsne:raw')!;
    const ofDigit = (digit: number) => sorted(raw.indices.filter((_, i) => raw.labels[i] === digit));
    await page().click('[data-testid="digits-none"]');
    await page().click('[data-digit="3"]');
    for (const [key, map] of maps) {
      const expected = sorted(map.indices.filter((_, i) => map.labels[i] === 3));
      expect(expected.length).toBeGreaterThan(10);
      await expect.poll(() => indicesOf(key, 'data-visible')).toEqual(expected);
    }
    // The maps show the same sample of test images: digit 3's images are the same in each.
    expect(await indicesOf('code:random', 'data-visible')).toEqual(ofDigit(3));
    await workbench.screenshot('explore-digit-3');
    await page().click('[data-testid="digits-all"]');

    await page().fill('[data-testid="search"]', '7');
    await expect.poll(() => indicesOf('umap:raw', 'data-visible')).toEqual(ofDigit(7));
    const target = raw.indices[5];
    await page().fill('[data-testid="search"]', `#${target}`);
    for (const key of maps.keys()) await expect.poll(() => indicesOf(key, 'data-marked')).toEqual([target]);
    expect(await attribute('tsne:raw', 'data-points')).toBe('300');
    await page().fill('[data-testid="search"]', '#300');
    expect(await page().textContent('[data-testid="search-error"]')).toBe('“#300”: test image #300 is outside the test set (#0..#299)');
    await page().fill('[data-testid="search"]', '');
    await expect.poll(() => attribute('tsne:raw', 'data-points')).toBe('300');
  });

  it('a rectangle brushed in one map selects the same test images in the others, and a lasso in a small map does too', async () => {
    const raw = maps.get('tsne:raw')!;
    await page().click('[data-tool="rect"]');
    const box = (await chart('tsne:raw').boundingBox())!;
    const extent = (await attribute('tsne:raw', 'data-extent')).split(',').map(Number);
    const from = { x: box.x + 0.3 * box.width, y: box.y + 0.3 * box.height };
    const to = { x: box.x + 0.65 * box.width, y: box.y + 0.7 * box.height };
    await page().mouse.move(from.x, from.y);
    await page().mouse.down();
    await page().mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page().mouse.move(to.x, to.y, { steps: 5 });
    await page().mouse.up();
    await expect.poll(() => indicesOf('tsne:raw', 'data-selected')).not.toEqual([]);
    const selected = await indicesOf('tsne:raw', 'data-selected');
    // Points well inside the rectangle are selected; none well outside it is (2 px for rounding at the edges).
    const pixels = pixelsOf(raw, box, extent);
    const within = (margin: number) =>
      sorted(raw.indices.filter((_, i) => pixels[i][0] > from.x + margin && pixels[i][0] < to.x - margin && pixels[i][1] > from.y + margin && pixels[i][1] < to.y - margin));
    const surely = within(2);
    const maybe = within(-2);
    expect(surely.length).toBeGreaterThan(5);
    for (const index of surely) expect(selected).toContain(index);
    for (const index of selected) expect(maybe).toContain(index);
    for (const key of ['code:pca', 'code:pretrained', 'code:random', 'umap:raw']) await expect.poll(() => indicesOf(key, 'data-selected')).toEqual(selected);
    expect(await page().textContent('[data-testid="selection-summary"]')).toContain(`${selected.length} selected`);
    await workbench.screenshot('explore-brush');
    await page().emulateMedia({ colorScheme: 'dark' });
    await workbench.screenshot('explore-brush-dark');
    await page().emulateMedia({ colorScheme: 'light' });

    // A lasso (a triangle) in the small map of the pretrained codes.
    await page().click('[data-tool="polygon"]');
    await chart('code:pretrained').scrollIntoViewIfNeeded();
    const small = (await chart('code:pretrained').boundingBox())!;
    const corners = [
      [0.15, 0.15],
      [0.9, 0.3],
      [0.4, 0.9],
      [0.15, 0.15],
    ].map(([fx, fy]) => ({ x: small.x + fx * small.width, y: small.y + fy * small.height }));
    await page().mouse.move(corners[0].x, corners[0].y);
    await page().mouse.down();
    for (const corner of corners.slice(1)) await page().mouse.move(corner.x, corner.y, { steps: 8 });
    await page().mouse.up();
    await expect.poll(async () => (await indicesOf('code:pretrained', 'data-selected')).join()).not.toBe(selected.join());
    const lassoed = await indicesOf('code:pretrained', 'data-selected');
    expect(lassoed.length).toBeGreaterThan(0);
    for (const key of ['tsne:raw', 'code:pca', 'code:random', 'umap:raw']) await expect.poll(() => indicesOf(key, 'data-selected')).toEqual(lassoed);
    await page().click('[data-testid="clear-selection"]');
    for (const key of maps.keys()) await expect.poll(() => attribute(key, 'data-selected')).toBe('');
    await page().click('[data-tool="pan"]');
  });

  it('shows the hovered test image with its index and label, the service’s pixels exactly', async () => {
    const raw = maps.get('tsne:raw')!;
    const box = (await chart('tsne:raw').boundingBox())!;
    const pixels = pixelsOf(raw, box, (await attribute('tsne:raw', 'data-extent')).split(',').map(Number));
    // A point with no other within 8 px, so the mouse is over it alone.
    const lonely = pixels.findIndex(([x, y], i) => pixels.every(([u, v], j) => j === i || Math.hypot(u - x, v - y) > 8));
    expect(lonely).toBeGreaterThanOrEqual(0);
    const index = raw.indices[lonely];
    await page().mouse.move(pixels[lonely][0] + 3, pixels[lonely][1] + 3);
    await page().mouse.move(pixels[lonely][0], pixels[lonely][1], { steps: 3 });
    const caption = page().locator('[data-testid="hover-caption"]');
    await expect.poll(() => caption.getAttribute('data-index'), { timeout: 10_000 }).toBe(String(index));
    expect(await caption.getAttribute('data-digit')).toBe(String(raw.labels[lonely]));
    const image = page().locator('[data-testid="hover-image"]');
    await image.waitFor({ timeout: 15_000 });
    expect(await image.getAttribute('data-index')).toBe(String(index));
    // The image as the browser decoded it, sampled at the middle of each 4x4 block, against the service's bytes.
    const shown = (await page().evaluate(`new Promise((resolve) => {
      const element = document.querySelector('[data-testid="hover-image"]');
      const draw = () => {
        const canvas = document.createElement('canvas');
        canvas.width = element.naturalWidth;
        canvas.height = element.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(element, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        const scale = canvas.width / 28;
        const out = [canvas.width, canvas.height];
        for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) out.push(data[(Math.floor((r + 0.5) * scale) * canvas.width + Math.floor((c + 0.5) * scale)) * 4]);
        resolve(out);
      };
      if (element.complete) draw();
      else element.onload = draw;
    })`)) as number[];
    expect(shown.slice(0, 2)).toEqual([112, 112]);
    const reply = await workbench.service.request('getTestImages', { experimentId: id, indices: [index] });
    expect([reply.height, reply.width, reply.channels]).toEqual([28, 28, 1]);
    expect(shown.slice(2)).toEqual([...Buffer.from(reply.images[0], 'base64')]);
    // The tooltip beside the point shows it too.
    await page().locator(`[data-map="tsne:raw"] img[alt="test image ${index}"]`).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('explore-hover');
    await page().mouse.move(0, 0);
  });

  it('zooms with the wheel, pans with a drag and resets to the whole map', async () => {
    const box = (await chart('tsne:raw').boundingBox())!;
    await page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 3; i++) await page().mouse.wheel(0, -300);
    await expect.poll(async () => (await attribute('tsne:raw', 'data-zoom')).split(',').map(Number)).not.toEqual([0, 100, 0, 100]);
    const [xs, xe, ys, ye] = (await attribute('tsne:raw', 'data-zoom')).split(',').map(Number);
    // Zoomed in round the centre on both axes.
    expect(xs).toBeGreaterThan(5);
    expect(xe).toBeLessThan(95);
    expect(ys).toBeGreaterThan(5);
    expect(ye).toBeLessThan(95);
    await workbench.screenshot('explore-zoomed');
    // A drag pans: the window keeps its size and moves the other way (content follows the mouse to the right).
    await page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 6 });
    await page().mouse.up();
    await expect.poll(async () => Number((await attribute('tsne:raw', 'data-zoom')).split(',')[0])).toBeLessThan(xs - 1);
    const [ps, pe, pys, pye] = (await attribute('tsne:raw', 'data-zoom')).split(',').map(Number);
    expect(pe - ps).toBeCloseTo(xe - xs, 6);
    expect([pys, pye]).toEqual([ys, ye]);
    await page().click('[data-testid="main-map"] [data-testid="reset-zoom"]');
    await expect.poll(() => attribute('tsne:raw', 'data-zoom')).toBe('0,100,0,100');
  });

  it('fits 1280x800 and 1024x700 in both themes, is linked from Compare, and says how to get maps for a run without them', async () => {
    await page().click('section[data-map="umap:raw"] [data-testid="enlarge"]');
    await page().waitForURL(new RegExp(`#/explore/${id}\\?map=umap%3Araw$`));
    expect(await page().locator('[data-testid="main-map"]').getAttribute('data-map')).toBe('umap:raw');
    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ]) {
      await page().setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page().emulateMedia({ colorScheme: scheme });
        await page().waitForTimeout(300);
        expect(await page().evaluate(`(() => { const m = document.querySelector('.main'); return m.scrollWidth - m.clientWidth; })()`), `${width}x${height}`).toBeLessThanOrEqual(0);
        await workbench.screenshot(`${width}-explore-${scheme}`);
      }
    }
    await page().emulateMedia({ colorScheme: 'light' });
    await page().setViewportSize({ width: 1280, height: 800 });

    await page().goto(`${workbench.host.url}#/compare/${id}`);
    const link = page().locator('[data-map="raw"] a.explore-link');
    await link.waitFor({ timeout: 15_000 });
    await link.click();
    await page().waitForURL(new RegExp(`#/explore/${id}\\?map=tsne%3Araw$`));
    await expect.poll(() => page().locator('[data-testid="main-map"]').getAttribute('data-map')).toBe('tsne:raw');

    const config = {
      ...smokePreset,
      preset: undefined,
      arms: ['pretrained' as const],
      dataset: { name: 'mnist' as const, trainSize: 200, testSize: 100 },
      layers: [784, 16, 8],
      pretrain: { ...smokePreset.pretrain, epochs: 1 },
      finetune: { ...smokePreset.finetune, epochs: 1 },
      evaluation: { ...smokePreset.evaluation, reconstructions: false, tsne: { ...smokePreset.evaluation.tsne, points: 0 } },
    };
    const { id: bare } = await workbench.service.request('createExperiment', { config, name: 'e2e no maps' });
    await expect.poll(async () => (await workbench.service.request('getExperiment', { id: bare })).status, { timeout: 100_000, interval: 500 }).toBe('done');
    await page().goto(`${workbench.host.url}#/explore/${bare}`);
    const empty = page().locator('[data-testid="no-maps"]');
    await empty.waitFor({ timeout: 15_000 });
    expect(await empty.textContent()).toContain(`Run #${bare} has no maps: its evaluation.tsne.points was 0.`);
    expect(await page().getAttribute('[data-testid="clone-with-maps"]', 'href')).toBe(`#/new?clone=${bare}`);
    await workbench.screenshot('explore-no-maps');
    expect(workbench.pageErrors).toEqual([]);
  }, 150_000);
});
