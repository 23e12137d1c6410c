/**
 * A reusable barrier for a fixed number of threads over shared memory: each `arrive()` blocks
 * (Atomics.wait) until every party has arrived, with no message passing. Word 0 counts arrivals
 * in the current round, word 1 is the round number the waiters watch.
 */
export class SharedBarrier {
  private readonly words: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly parties: number,
  ) {
    this.words = new Int32Array(buffer, 0, 2);
  }

  static allocate(): SharedArrayBuffer {
    return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  }

  arrive(): void {
    const round = Atomics.load(this.words, 1);
    if (Atomics.add(this.words, 0, 1) === this.parties - 1) {
      Atomics.store(this.words, 0, 0);
      Atomics.add(this.words, 1, 1);
      Atomics.notify(this.words, 1);
      return;
    }
    while (Atomics.load(this.words, 1) === round) Atomics.wait(this.words, 1, round);
  }
}
