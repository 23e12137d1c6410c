import type { EventName, EventPayload } from './api.ts';

type AnyListener = (payload: never) => void;

/** Listeners by event name, for the clients of the WorkbenchApi (host, reconnecting, IPC bridge). */
export class EventListeners {
  private readonly byName = new Map<EventName, Set<AnyListener>>();

  /** Adds a listener; the returned function removes it. */
  add<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.byName.get(name) ?? new Set();
    this.byName.set(name, set);
    const entry = listener as AnyListener;
    set.add(entry);
    return () => void set.delete(entry);
  }

  /** Calls every listener of `name` with a payload already checked against the contract. */
  emit(name: EventName, payload: unknown, onError?: (error: unknown) => void): void {
    for (const listener of this.byName.get(name) ?? []) {
      if (!onError) {
        listener(payload as never);
        continue;
      }
      try {
        listener(payload as never);
      } catch (error) {
        onError(error);
      }
    }
  }
}
