import { MAX_TEST_IMAGES_PER_REQUEST, type RequestOutput } from '../../../shared/api.ts';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** `getTestImages` of the API (a stand-in in tests). */
export type FetchTestImages = (experimentId: number, indices: number[]) => Promise<RequestOutput<'getTestImages'>>;
/** Draws one image (bytes 0..255, channel-last) as a data URL: a canvas in the page, a stand-in in tests. */
export type ImageToUrl = (bytes: Uint8Array, shape: ImageShape) => string;

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

interface ExperimentImages {
  shape?: ImageShape;
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

  constructor(
    private readonly fetchImages: FetchTestImages,
    private readonly toUrl: ImageToUrl,
  ) {}

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
      url = this.toUrl(bytes, entry.shape);
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
      const reply = await this.fetchImages(experimentId, batch);
      entry.shape = { height: reply.height, width: reply.width, channels: reply.channels };
      batch.forEach((index, i) => entry.bytes.set(index, decodeBase64(reply.images[i])));
    }
  }
}
