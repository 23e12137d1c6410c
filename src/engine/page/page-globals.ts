/*
 * Node globals the engine uses that a page lacks. setImmediate (the engine yields with it between
 * batches, so that a cancel is heard) becomes a MessageChannel task: unlike setTimeout(0) it is not
 * clamped to 4 ms when nested.
 */
type Immediate = (callback: () => void) => void;
interface PagePort {
  onmessage: (() => void) | null;
  postMessage(message: undefined): void;
}
const scope = globalThis as unknown as { setImmediate?: Immediate; MessageChannel: new () => { port1: PagePort; port2: PagePort } };
if (!scope.setImmediate) {
  const channel = new scope.MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  scope.setImmediate = (callback) => {
    queue.push(callback);
    channel.port2.postMessage(undefined);
  };
}
