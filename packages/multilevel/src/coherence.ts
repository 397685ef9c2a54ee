/**
 * L1 coherence across instances over core's `InvalidationBus`: writes are
 * published in the background (outbox.ts: queued, coalesced, behind a
 * breaker, never on the request path); messages from other instances drop
 * the keys from the local levels (the bus has already dropped what is older
 * than what was applied: ordering lives in core's VersionFilter, which every
 * bus uses). When the bus reports that it lost its
 * subscription (messages may have been missed), the local levels are
 * cleared once it is back.
 * @module
 */
import type { InvalidationBus, InvalidationKind, InvalidationMessage, InvalidationOrigin } from '@cache/core';
import type { CacheContext, Counters } from './context.js';
import type { Level } from './level.js';
import { DEFAULT_RESUBSCRIBE_DELAY, MAX_PENDING_PUBLISHES } from './options.js';
import { Outbox } from './outbox.js';

/** The longest `close()` waits for queued publishes to go out, ms. */
const CLOSE_FLUSH_DEADLINE = 1000;

/** What the coherence layer does to the local levels. */
export interface LocalLevels {
  /** Drop these keys from the local levels. */
  invalidate(keys: readonly string[]): void;
  /** Drop everything from the local levels. */
  clear(): void;
  /**
   * Another instance wrote these keys (undefined: everything, or messages
   * may have been missed), after the local levels dropped them: loaded
   * values this instance stored that the write may have overtaken go too
   * (overtaken.ts).
   */
  overtaken?(keys: readonly string[] | undefined): void;
  /** Messages may be missed from now until `overtaken(undefined)`: loaded values stored meanwhile stay watched. */
  missing?(): void;
}

/** Subscribes one cache to its namespace on the bus, and publishes its writes. */
export class Coherence {
  readonly #bus: InvalidationBus;
  readonly #namespace: string;
  readonly #local: LocalLevels;
  readonly #counters: Counters;
  #unsubscribe: (() => void) | undefined;
  readonly #offStatus: () => void;
  /** Messages may have been missed: clear the local levels once subscribed again. */
  #lost = false;
  /** The first subscription has held (before it, other instances' writes are not heard). */
  #heard = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #ready: Promise<void>;
  #markReady!: () => void;
  #failReady!: (error: unknown) => void;

  readonly #report: (operation: 'publish' | 'subscribe', error: unknown) => void;
  readonly #outbox: Outbox;

  constructor(bus: InvalidationBus, namespace: string, local: LocalLevels, ctx: Pick<CacheContext<unknown>, 'counters' | 'report'>, retryInterval: number) {
    const counters = ctx.counters;
    this.#report = (operation, error) => {
      counters.busErrors++;
      ctx.report(operation, 'bus', undefined, error);
    };
    this.#bus = bus;
    this.#namespace = namespace;
    this.#local = local;
    this.#counters = counters;
    this.#ready = new Promise((resolve, reject) => {
      this.#markReady = resolve;
      this.#failReady = reject;
    });
    this.#ready.catch(() => {}); // reported through onError too; ready() hands the failure to whoever asks
    this.#outbox = new Outbox(
      {
        send: (kind, keys, origin) => bus.publish(origin === 'cache' ? { namespace, kind, keys, origin } : { namespace, kind, keys }),
        failed: (error) => this.#report('publish', error),
        flushed: () => counters.publishFlushes++,
      },
      retryInterval,
      MAX_PENDING_PUBLISHES,
    );
    this.#offStatus = bus.onStatus((status) => {
      if (status === 'unsubscribed') this.#lose();
      else {
        this.#recovered();
        this.#outbox.resume();
      }
    });
    this.#subscribe();
  }

  /**
   * Resolves once the first subscription holds (or the cache closes); rejects
   * with the bus's error when the first attempt fails (the cache keeps trying
   * in the background, and works without coherence meanwhile).
   */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Queues a change for publishing and returns at once; failures are counted (`busErrors`) and retried. */
  publish(kind: InvalidationKind, keys: readonly string[], origin: InvalidationOrigin): void {
    if (!this.#closed) this.#outbox.add(kind, keys, origin);
  }

  /** Whether this cache's subscription holds now: subscribed, and the bus has not reported it lost since. */
  get subscribed(): boolean {
    return this.#unsubscribe !== undefined && !this.#lost && !this.#closed;
  }

  /** Changes waiting to be published. */
  get pending(): number {
    return this.#outbox.pending;
  }

  /** Sends what is queued (for at most a second), then unsubscribes; the bus itself stays open (the caller owns it). */
  async close(): Promise<void> {
    await this.#outbox.close(CLOSE_FLUSH_DEADLINE);
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#offStatus();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#markReady();
  }

  #subscribe(): void {
    this.#bus.subscribe(this.#namespace, (message) => this.#receive(message)).then(
      (unsubscribe) => {
        if (this.#closed) {
          unsubscribe();
          return;
        }
        this.#unsubscribe = unsubscribe;
        if (!this.#heard) {
          // another instance's writes before this moment were not heard: loads stored until now may be older
          this.#heard = true;
          this.#local.overtaken?.(undefined);
        }
        this.#recovered();
        this.#markReady();
      },
      (error: unknown) => {
        this.#report('subscribe', error);
        this.#failReady(error); // a no-op once ready() has settled
        this.#lose();
        if (!this.#closed) this.#retry = setTimeout(() => this.#subscribe(), DEFAULT_RESUBSCRIBE_DELAY).unref();
      },
    );
  }

  #lose(): void {
    this.#lost = true;
    this.#local.missing?.();
  }

  #recovered(): void {
    if (!this.#lost || this.#closed) return;
    this.#lost = false;
    this.#counters.invalidations++;
    this.#local.clear();
    this.#local.overtaken?.(undefined);
  }

  #receive(message: InvalidationMessage): void {
    // ordering is the bus's job (core's VersionFilter): what arrives here is not older than what was applied
    if (this.#closed || message.namespace !== this.#namespace || message.instanceId === this.#bus.instanceId) return;
    this.#counters.invalidations++;
    // the cache's own changes (stores of loaded values, repairs, removals) overtake nothing: only writes do
    const write = message.origin !== 'cache';
    if (message.kind === 'clear') {
      this.#local.clear();
      if (write) this.#local.overtaken?.(undefined);
    } else if (message.keys.length > 0) {
      this.#local.invalidate(message.keys);
      if (write) this.#local.overtaken?.(message.keys);
    }
  }
}

/** The cache's levels that are not `shared`, as the bus handler drops keys from them. */
export function localLevels<V>(ctx: CacheContext<V>): LocalLevels {
  const local = ctx.levels.filter((level) => !level.shared);
  const drop = (keys: readonly string[] | undefined) => {
    // reads in flight must not promote what they found before the invalidation
    if (keys === undefined) ctx.guards.touchAll();
    else ctx.guards.touch(keys);
    for (const level of local) dropFrom(level, keys);
  };
  return { invalidate: (keys) => drop(keys), clear: () => drop(undefined) };
}

function dropFrom<V>(level: Level<V>, keys: readonly string[] | undefined): void {
  const fail = (error: unknown) => level.fail('invalidate', keys?.length === 1 ? keys[0] : undefined, error);
  try {
    const face = level.sync ?? level.tier;
    const done = keys === undefined ? face.clear() : face.deleteMany(keys);
    if (done instanceof Promise) done.catch(fail);
  } catch (error) {
    fail(error);
  }
}
