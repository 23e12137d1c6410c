import type { EventName, EventPayload } from '../../shared/api.ts';

export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Fan-out of service events to every transport; a throwing listener never stops the others. */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  readonly emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        console.error(`workbench: an event listener for "${name}" failed: ${(error as Error).message}`);
      }
    }
  };

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
