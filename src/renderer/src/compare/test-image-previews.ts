import { MAX_TEST_IMAGES_PER_REQUEST } from '../../../shared/api.ts';
import { invoke } from '../api/client.ts';
import { base64ToBytes } from '../download.ts';
import { imageDataUrl } from '../charts/pixels.ts';

interface Shape {
  height: number;
  width: number;
  channels: number;
}

interface ExperimentImages {
  shape?: Shape;
  /** Raw bytes per test index, as the service sent them. */
  bytes: Map<number, Uint8Array>;
  /** PNG data URLs, made on first show. */
  urls: Map<number, string>;
}

/**
 * Digit images for t-SNE tooltips: a map's images are fetched once, on the first hover, in
 * batches of at most MAX_TEST_IMAGES_PER_REQUEST, and kept for every later hover.
 */
export class TestImagePreviews {
  private readonly experiments = new Map<number, ExperimentImages>();
  private readonly pending = new Map<string, Promise<void>>();

  private entry(experimentId: number): ExperimentImages {
    let entry = this.experiments.get(experimentId);
    if (!entry) this.experiments.set(experimentId, (entry = { bytes: new Map(), urls: new Map() }));
    return entry;
  }

  /** The image's PNG data URL, or undefined until `load` has brought it. */
  url(experimentId: number, index: number): string | undefined {
    const entry = this.experiments.get(experimentId);
    const bytes = entry?.bytes.get(index);
    if (!entry?.shape || !bytes) return undefined;
    let url = entry.urls.get(index);
    if (url === undefined) {
      const { height, width, channels } = entry.shape;
      url = imageDataUrl(Array.from(bytes, (v) => v / 255), height, width, channels, 3);
      entry.urls.set(index, url);
    }
    return url;
  }

  /** Fetches the images of all these test indices that are not here yet (one flight per map). */
  load(experimentId: number, mapKey: string, indices: readonly number[]): Promise<void> {
    const key = `${experimentId}/${mapKey}`;
    let flight = this.pending.get(key);
    if (!flight) {
      flight = this.fetch(experimentId, indices);
      this.pending.set(key, flight);
      // A failure is not remembered: the next hover tries again.
      flight.catch(() => this.pending.delete(key));
    }
    return flight;
  }

  private async fetch(experimentId: number, indices: readonly number[]): Promise<void> {
    const entry = this.entry(experimentId);
    const missing = [...new Set(indices)].filter((i) => !entry.bytes.has(i));
    for (let start = 0; start < missing.length; start += MAX_TEST_IMAGES_PER_REQUEST) {
      const batch = missing.slice(start, start + MAX_TEST_IMAGES_PER_REQUEST);
      const reply = await invoke('getTestImages', { experimentId, indices: batch });
      entry.shape = { height: reply.height, width: reply.width, channels: reply.channels };
      batch.forEach((index, i) => entry.bytes.set(index, base64ToBytes(reply.images[i])));
    }
  }
}
