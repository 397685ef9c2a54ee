/**
 * A load lock on Redis (core's `LoadLock`): `SET <prefix>:lock:<key> <token>
 * NX PX <ttl>` to acquire, a Lua compare-and-delete on the token to release
 * (the pattern of the Redis docs' "distributed locks" page, single
 * instance: no Redlock). The lock key is a single key, so it works on a
 * Redis Cluster client as well.
 *
 * Failure behaviour: every command settles within `commandTimeout`; while
 * the client is reconnecting (Redis down) `acquire` rejects at once with
 * `ConnectionError` instead of queueing. A failure is never reported as
 * "held by someone else" (`undefined`): callers such as the tiered cache
 * then load without the lock. The acquiring SET runs behind the tier's write
 * fence (see `failure/fence.ts`): an acquire reported as failed never takes
 * the lock later (a hung server that continues would otherwise hold a lock
 * nobody owns for the whole ttl, and every instance would wait for it).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import {
  ClosedError,
  ConnectionError,
  InvalidOptionError,
  TimeoutError,
  assertKnownOptions,
  assertLockArguments,
  describeValue,
  parseDuration,
  type CacheError,
  type Duration,
  type LoadLock,
  type LockLease,
} from '@cache/core';
import { settleWithin } from '@cache/core/remote';
import { WriteFence } from '@cache/core/remote';
import { calibrateFence, defineFencedCommands, type FencedClient } from '../failure/fence.js';
import { translateError } from '../failure/translate.js';
import { PREFIX_SEPARATOR } from '../tier/keys.js';
import { DEFAULT_COMMAND_TIMEOUT } from '../tier/options.js';

/** Default name of the lock in errors. */
export const DEFAULT_LOCK_NAME = 'redis-load-lock';
/** The segment between the prefix and the key of a lock: `<prefix>:lock:<key>`. */
export const LOCK_KEY_SEGMENT = 'lock';

/** Deletes KEYS[1] only when it still holds this lease's token (ARGV[1]). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Client states in which a command would only wait in the offline queue: fail fast instead. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Options of {@link RedisLoadLock}: give `client` (yours) or `cache` (a
 * `RedisCache` or `RedisClusterCache`, whose client, prefix and command
 * timeout the lock reuses).
 */
export interface RedisLoadLockOptions {
  /** An ioredis `Redis` or `Cluster` client you own; the lock never closes it. */
  client?: Redis | Cluster;
  /**
   * A tier whose client the lock shares (e.g. the `RedisCache` that is the
   * tiered cache's L2): its `prefix` and `commandTimeout` become the
   * defaults below. Once the tier is closed, acquire rejects with ClosedError.
   */
  cache?: { readonly client: Redis | Cluster; readonly prefix: string; readonly commandTimeout?: number; readonly closed?: boolean };
  /**
   * Lock keys are `<prefix>:lock:<key>` (`lock:<key>` when empty). Instances
   * that must exclude each other use the same prefix.
   * @default the cache's prefix, or ''
   */
  prefix?: string;
  /**
   * Every acquire and release settles within this time (ms or `'200ms'`),
   * whatever the client's own settings.
   * @default the cache's `commandTimeout`, else the client's, else 1000
   */
  commandTimeout?: Duration;
  /** The lock's name in errors. @default 'redis-load-lock' */
  name?: string;
}

/** What the lock counted since it was made. */
export interface RedisLoadLockCounters {
  /** Leases granted. */
  readonly acquired: number;
  /** Acquires answered "held by someone else". */
  readonly contended: number;
  /** Releases that removed this lease (the others found it expired or taken over). */
  readonly released: number;
  /** Acquires and releases that failed (connection, timeout, server error). */
  readonly errors: number;
}

const KNOWN = new Set(['client', 'cache', 'prefix', 'commandTimeout', 'name']);

function clientTimeout(client: Redis | Cluster): number | undefined {
  const options = client.options as { commandTimeout?: unknown; redisOptions?: { commandTimeout?: unknown } };
  const timeout = options.commandTimeout ?? options.redisOptions?.commandTimeout;
  return typeof timeout === 'number' && timeout > 0 ? timeout : undefined;
}

/**
 * core's `LoadLock` on Redis: pass it to `MultiLevelCache`'s `lock` option
 * so instances in several processes sharing a Redis run a missing key's
 * loader once.
 *
 * ```ts
 * const l2 = new RedisCache({ url, prefix: 'users' });
 * const lock = new RedisLoadLock({ cache: l2 }); // keys users:lock:<key>
 * const lease = await lock.acquire('user:1', 10_000); // undefined: someone else loads it
 * ```
 */
export class RedisLoadLock implements LoadLock {
  /** The lock's name in errors. */
  readonly name: string;
  /** The lock keys' prefix ('' when none). */
  readonly prefix: string;
  /** The per-command bound, ms. */
  readonly commandTimeout: number;
  readonly #client: Redis | Cluster;
  readonly #writer: FencedClient<Redis | Cluster>;
  readonly #fence: WriteFence;
  readonly #stopCalibrating: () => void;
  readonly #cache: RedisLoadLockOptions['cache'];
  readonly #head: string;
  #closed = false;
  #counters = { acquired: 0, contended: 0, released: 0, errors: 0 };

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: RedisLoadLockOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionError('options', `options must be an object with client or cache (got ${describeValue(options)})`);
    }
    assertKnownOptions(options, KNOWN, 'RedisLoadLock');
    const { client, cache } = options;
    if ((client === undefined) === (cache === undefined)) {
      throw new InvalidOptionError('client', 'give exactly one of client (an ioredis client you own) or cache (a RedisCache whose client the lock shares)');
    }
    const chosen = client ?? cache?.client;
    if (typeof chosen !== 'object' || chosen === null || typeof (chosen as { set?: unknown }).set !== 'function' || typeof (chosen as { eval?: unknown }).eval !== 'function') {
      const option = client === undefined ? 'cache' : 'client';
      throw new InvalidOptionError(option, `${option} must be ${option === 'cache' ? 'a RedisCache (with its client)' : 'an ioredis Redis or Cluster client'}`);
    }
    this.#client = chosen;
    this.#cache = cache;
    const prefix = options.prefix ?? cache?.prefix ?? '';
    if (typeof prefix !== 'string') throw new InvalidOptionError('prefix', `prefix must be a string (got ${describeValue(prefix)})`);
    this.prefix = prefix;
    this.#head = (prefix === '' ? '' : prefix + PREFIX_SEPARATOR) + LOCK_KEY_SEGMENT + PREFIX_SEPARATOR;
    this.commandTimeout =
      options.commandTimeout === undefined
        ? (cache?.commandTimeout ?? clientTimeout(chosen) ?? DEFAULT_COMMAND_TIMEOUT)
        : parseDuration(options.commandTimeout, 'commandTimeout', { allowZero: false });
    const name = options.name ?? DEFAULT_LOCK_NAME;
    if (typeof name !== 'string' || name === '') throw new InvalidOptionError('name', `name must be a non-empty string (got ${describeValue(name)})`);
    this.name = name;
    this.#writer = defineFencedCommands(chosen);
    const fence = (this.#fence = new WriteFence(this.commandTimeout));
    const calibrate = () => void calibrateFence(fence, chosen);
    chosen.on('ready', calibrate);
    this.#stopCalibrating = () => chosen.off('ready', calibrate);
    if (chosen.status === 'ready') calibrate();
  }

  /** The Redis key of `key`'s lock. */
  lockKey(key: string): string {
    return this.#head + key;
  }

  /** Counters since construction. */
  counters(): RedisLoadLockCounters {
    return Object.freeze({ ...this.#counters });
  }

  /**
   * `SET <prefix>:lock:<key> <token> NX PX <ttlMs>`, fenced: refused by the server once the deadline passed.
   * @returns the lease, or undefined when another holder has the lock
   * @throws InvalidArgumentError (bad key or ttl); ConnectionError at once while the client is reconnecting; TimeoutError after `commandTimeout`; BackendError
   */
  async acquire(key: string, ttlMs: number): Promise<LockLease | undefined> {
    if (this.#closed || this.#cache?.closed === true) {
      throw new ClosedError(`${this.name} is closed${this.#closed ? '' : ' (its cache was closed)'}; create a new lock to keep locking`, { key, tier: this.name });
    }
    assertLockArguments(key, ttlMs, this.name);
    const rkey = this.lockKey(key);
    const token = randomUUID();
    const reply = await this.#run('acquire lock of', key, () =>
      this.#writer.cacheFencedWrite(rkey, this.#fence.deadline(), 'SET', token, 'PX', Math.ceil(ttlMs), 'NX'),
    );
    if (reply !== 'OK') {
      this.#counters.contended++;
      return undefined;
    }
    this.#counters.acquired++;
    let released: Promise<void> | undefined;
    return {
      key,
      release: () =>
        (released ??= this.#run('release lock of', key, () => this.#client.eval(RELEASE_SCRIPT, 1, rkey, token)).then((removed) => {
          if (removed === 1) this.#counters.released++;
        })),
    };
  }

  /**
   * Stops the lock: later acquires reject with ClosedError (the client,
   * yours or the cache's, stays open). A lease already held can still be
   * released.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#stopCalibrating();
    return Promise.resolve();
  }

  /** Runs one command: fail fast while disconnected, bounded by `commandTimeout` (the package's one deadline), errors typed. */
  #run<T>(operation: string, key: string, command: () => Promise<T>): Promise<T> {
    const status = this.#client.status;
    if (DOWN.has(status)) {
      this.#counters.errors++;
      return Promise.reject(new ConnectionError(`${operation} ${JSON.stringify(key)} failed: Redis is not connected (${status})`, { key, tier: this.name }));
    }
    const ms = this.commandTimeout;
    let pending: Promise<T>;
    try {
      pending = command();
    } catch (error) {
      pending = Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
    const timeout = () => new TimeoutError(`${operation} ${JSON.stringify(key)} did not complete within ${ms} ms; check the Redis server or raise commandTimeout`, ms, { key, tier: this.name });
    // a late answer after the deadline is dropped (an acquired lease then expires by itself)
    return settleWithin(pending, ms, timeout).catch((error: unknown) => {
      this.#counters.errors++;
      throw this.#translate(error, operation, key);
    });
  }

  #translate(error: unknown, operation: string, key: string): CacheError {
    return translateError(error, operation, key, this.name, this.commandTimeout);
  }
}
