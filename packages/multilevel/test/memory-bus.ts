import { VersionClock, type BusStatus, type InvalidationBus, type InvalidationKind, type InvalidationMessage } from '@cache/core';

/** An in-process implementation of core's InvalidationBus: endpoints of one hub deliver to each other synchronously. */
export class MemoryBusHub {
  readonly endpoints = new Set<MemoryBus>();
  readonly clock = new VersionClock();
  endpoint(instanceId: string): MemoryBus {
    const bus = new MemoryBus(this, instanceId);
    this.endpoints.add(bus);
    return bus;
  }
}

export class MemoryBus implements InvalidationBus {
  readonly handlers = new Map<string, Set<(message: InvalidationMessage) => void>>();
  readonly statusListeners = new Set<(status: BusStatus) => void>();
  failSubscribe = 0;
  constructor(
    readonly hub: MemoryBusHub,
    readonly instanceId: string,
  ) {}

  async publish(message: { namespace: string; kind: InvalidationKind; keys: readonly string[] }): Promise<void> {
    this.deliver({ ...message, instanceId: this.instanceId, version: this.hub.clock.next() });
  }
  /** Delivers a message to every other endpoint, as the wire would. */
  deliver(message: InvalidationMessage): void {
    for (const bus of this.hub.endpoints) {
      if (bus.instanceId === message.instanceId) continue;
      for (const handler of bus.handlers.get(message.namespace) ?? []) handler(message);
    }
  }
  async subscribe(namespace: string, handler: (message: InvalidationMessage) => void): Promise<() => void> {
    if (this.failSubscribe > 0) {
      this.failSubscribe--;
      throw new Error('subscribe failed');
    }
    const set = this.handlers.get(namespace) ?? new Set();
    set.add(handler);
    this.handlers.set(namespace, set);
    return () => set.delete(handler);
  }
  onStatus(listener: (status: BusStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
  emitStatus(status: BusStatus): void {
    for (const listener of this.statusListeners) listener(status);
  }
  async close(): Promise<void> {
    this.hub.endpoints.delete(this);
  }
}
