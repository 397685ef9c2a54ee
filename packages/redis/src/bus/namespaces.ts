/**
 * The namespaces a bus is subscribed to: one channel each
 * (`<channelPrefix>:<namespace>`), its handlers, and its version filter
 * (core's `VersionFilter`, the one place message ordering is decided).
 * @module
 */
import { VersionFilter, type InvalidationMessage } from '@cache/core';

/** A subscribed namespace: its channel, handlers and the newest versions applied. */
export interface Namespace {
  readonly name: string;
  readonly channel: string;
  readonly handlers: Set<(message: InvalidationMessage) => void>;
  readonly filter: VersionFilter;
}

/** The subscribed namespaces, by name and by channel. */
export class Namespaces {
  readonly #byName = new Map<string, Namespace>();
  readonly #byChannel = new Map<string, Namespace>();
  readonly #prefix: string;
  readonly #maxTracked: number;

  constructor(prefix: string, maxTracked: number) {
    this.#prefix = prefix;
    this.#maxTracked = maxTracked;
  }

  /** The channel of `name`. */
  channel(name: string): string {
    return `${this.#prefix}:${name}`;
  }

  /** The namespace `name` when subscribed. */
  get(name: string): Namespace | undefined {
    return this.#byName.get(name);
  }

  /** The namespace listening on `channel`. */
  byChannel(channel: string): Namespace | undefined {
    return this.#byChannel.get(channel);
  }

  /** Every subscribed channel. */
  channels(): string[] {
    return [...this.#byChannel.keys()];
  }

  /** The namespace `name`, made (with an empty filter) when new. */
  open(name: string): Namespace {
    let ns = this.#byName.get(name);
    if (ns === undefined) {
      ns = { name, channel: this.channel(name), handlers: new Set(), filter: new VersionFilter(this.#maxTracked) };
      this.#byName.set(name, ns);
      this.#byChannel.set(ns.channel, ns);
    }
    return ns;
  }

  /** Forgets `ns` (its last handler left). */
  forget(ns: Namespace): void {
    if (this.#byName.get(ns.name) === ns) this.#byName.delete(ns.name);
    if (this.#byChannel.get(ns.channel) === ns) this.#byChannel.delete(ns.channel);
  }

  /** Forgets every namespace. */
  clear(): void {
    this.#byName.clear();
    this.#byChannel.clear();
  }
}

/** Calls every handler of `ns` with `message`; a handler's bug does not stop delivery to the others. */
export function fanOut(ns: Namespace, message: InvalidationMessage): void {
  for (const handler of ns.handlers) {
    try {
      handler(message);
    } catch {
      // a handler's bug must not stop delivery to the others
    }
  }
}
