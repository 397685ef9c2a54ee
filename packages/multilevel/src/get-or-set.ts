/**
 * getOrSet: read through the levels, and on a miss run the loader once per
 * key (single flight), with grace (stale-on-error), a soft timeout (answer
 * with the stale value, keep loading in the background) and a hard timeout
 * (core's `TimeoutError`, or the stale value within grace).
 * @module
 */
import {
  InvalidArgumentError,
  LoaderError,
  MAX_TIMER_DELAY,
  TimeoutError,
  assertCallOptions,
  assertReadableOptions,
  callOptionNames,
  isCacheError,
  parseDuration,
  parseTtl,
  type Duration,
} from '@cache/core';
import { settleWithin } from '@cache/core/remote';
import type { CacheContext } from './context.js';
import { coordinate, release, type LockSettings } from './load-lock.js';
import { find } from './read-path.js';
import type { StoredEntry } from './stored-entry.js';
import { traceLoad, type GetOrSetMessage } from './tracing.js';
import type { WritePath } from './write-path.js';

/** Options of one `getOrSet` call; unset fields take the cache's options. */
export interface GetOrSetOptions {
  /** TTL of the loaded value (ms or `'5m'`). @default the cache's `defaultTtl` */
  ttl?: Duration;
  /** How long the value stays servable as stale after its TTL, when loading fails. 0: never. @default the cache's `grace` */
  grace?: Duration;
  /** With a stale value at hand, answer with it once the loader is slower than this. @default the cache's `softTimeout` */
  softTimeout?: Duration;
  /** Fail with `TimeoutError` (or serve stale) once the loader is slower than this. @default the cache's `hardTimeout` */
  hardTimeout?: Duration;
}

/** Options of {@link MultiLevelCache.wrap}: getOrSet's options plus how to build the key from the arguments. */
export interface WrapOptions<A extends unknown[]> extends GetOrSetOptions {
  /** The cache key for a call's arguments. */
  key: (...args: A) => string;
}

/** The options of one `getOrSet` call: any other name is refused. */
export const GET_OR_SET_OPTIONS = callOptionNames<GetOrSetOptions>({ ttl: true, grace: true, softTimeout: true, hardTimeout: true });
/** The options of `wrap`: getOrSet's and `key`. */
export const WRAP_OPTIONS = callOptionNames<WrapOptions<unknown[]>>({ key: true, ttl: true, grace: true, softTimeout: true, hardTimeout: true });

/** What a loader receives. */
export interface LoaderContext {
  /** The key being loaded. */
  readonly key: string;
  /** Aborted when the hard timeout fires or the cache closes: stop work nobody will use. */
  readonly signal: AbortSignal;
}

/**
 * Produces the value of a missing key. `null` is a value (cached as "not
 * found"); `undefined` is an error.
 */
export type Loader<V> = (context: LoaderContext) => V | Promise<V>;

/** Call options in milliseconds. */
export interface ResolvedCallOptions {
  ttl: number;
  grace: number;
  softTimeout: number;
  hardTimeout: number;
}

/** Validates one call's options; unset fields take `defaults`. @throws InvalidArgumentError naming the option */
export function resolveCallOptions(options: GetOrSetOptions, defaults: ResolvedCallOptions): ResolvedCallOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'options must be an object like { ttl, grace, softTimeout, hardTimeout }');
  assertCallOptions(options, GET_OR_SET_OPTIONS, 'getOrSet');
  assertReadableOptions(options, 'getOrSet', '', 'argument');
  const rules = { allowInfinity: true, kind: 'argument' } as const;
  const timer = { ...rules, max: MAX_TIMER_DELAY }; // these arm a timer: setTimeout's limit bounds them
  return {
    ttl: parseTtl(options.ttl) ?? defaults.ttl,
    grace: options.grace === undefined ? defaults.grace : parseDuration(options.grace, 'grace', rules),
    softTimeout: options.softTimeout === undefined ? defaults.softTimeout : parseDuration(options.softTimeout, 'softTimeout', timer),
    hardTimeout: options.hardTimeout === undefined ? defaults.hardTimeout : parseDuration(options.hardTimeout, 'hardTimeout', { ...timer, allowZero: false }),
  };
}

/** What the loader work needs from the cache. */
export interface LoadDeps<V> {
  ctx: CacheContext<V>;
  /** Writes a loaded value through every level (and publishes it). */
  writes: WritePath<V>;
  /** Aborted when the cache closes. */
  closing: AbortSignal;
  /** The cross-process load lock, if configured. */
  lock: LockSettings | undefined;
}

function callLoader<V>(loader: Loader<V>, context: LoaderContext): Promise<V> {
  try {
    return Promise.resolve(loader(context));
  } catch (error) {
    return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
  }
}

/**
 * `work`, or core's `TimeoutError` once `ms` passed (Infinity: `work` itself), through the one
 * deadline of `@cache/core/remote` (its timer is unref'd; a late result or failure of `work` is dropped).
 */
export function withTimeout<V>(work: Promise<V>, ms: number, key: string, tier: string): Promise<V> {
  if (ms === Infinity) return work;
  return settleWithin(work, ms, () => new TimeoutError(`the loader for key ${JSON.stringify(key)} did not settle within ${ms} ms; raise hardTimeout or speed up the loader`, ms, { key, tier }));
}

function asLoaderError(error: unknown, key: string, tier: string): unknown {
  if (isCacheError(error) && (error instanceof TimeoutError || error instanceof InvalidArgumentError)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LoaderError(`the loader for key ${JSON.stringify(key)} failed: ${message}`, { key, tier, cause: error });
}

/** A stale envelope is servable while its logical expiry plus `grace` lies ahead. */
function servable<V>(stale: StoredEntry<V> | undefined, grace: number, now: number): StoredEntry<V> | undefined {
  if (stale === undefined || !(grace > 0) || stale.e === undefined) return undefined;
  return stale.e + grace > now ? stale : undefined;
}

/**
 * The work of one flight, after the caller read a synchronous L1 (`l1Stale`:
 * the stale envelope it found there, if any): read the other levels (another
 * instance may have refreshed a shared level), then (with a load lock, while
 * no level is failing) agree with the other instances on who loads, then
 * load, store and answer.
 */
export async function load<V>(
  deps: LoadDeps<V>,
  key: string,
  loader: Loader<V>,
  o: ResolvedCallOptions,
  answer: (value: V) => void,
  l1Stale: StoredEntry<V> | undefined,
  trace: GetOrSetMessage | undefined,
): Promise<V> {
  const { ctx } = deps;
  const token = ctx.guards.begin(key);
  try {
    return await loadGuarded(deps, key, loader, o, answer, token, l1Stale, trace);
  } finally {
    ctx.guards.end(key);
  }
}

async function loadGuarded<V>(
  deps: LoadDeps<V>,
  key: string,
  loader: Loader<V>,
  o: ResolvedCallOptions,
  answer: (value: V) => void,
  token: number,
  l1Stale: StoredEntry<V> | undefined,
  trace: GetOrSetMessage | undefined,
): Promise<V> {
  const { ctx } = deps;
  const counters = ctx.counters;
  const found = await find(ctx, key, ctx.firstRemote, true);
  if (found.fresh !== undefined) return found.fresh.v; // the outcome stays `hit`
  const stale = servable(l1Stale ?? found.stale, o.grace, ctx.clock.now());
  let answered = false;
  const serveStale = (entry: StoredEntry<V>) => {
    if (answered) return;
    answered = true;
    counters.staleServed++;
    if (trace !== undefined) trace.outcome = 'stale';
    answer(entry.v);
  };
  let softTimer: ReturnType<typeof setTimeout> | undefined;
  if (stale !== undefined && o.softTimeout !== Infinity) {
    if (o.softTimeout === 0) serveStale(stale);
    else softTimer = setTimeout(() => serveStale(stale), o.softTimeout).unref();
  }
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('the cache was closed'));
  deps.closing.addEventListener('abort', abort);
  try {
    const run = () => loadAndStore(deps, key, loader, o, token, controller, stale, serveStale, trace);
    if (deps.lock === undefined) return await run();
    if (ctx.failingLevels > 0) {
      // the lock guards the one load into the shared levels; while a level is failing, waiting on it is moot
      counters.unlockedLoads++;
      return await run();
    }
    const decided = await coordinate(ctx, deps.lock, key, deps.closing);
    if (decided.found !== undefined) {
      // another instance loaded it
      if (trace !== undefined && decided.waited) trace.outcome = 'lock-wait';
      return decided.found.v;
    }
    try {
      return await run();
    } finally {
      if (decided.lease !== undefined) await release(ctx, decided.lease);
    }
  } finally {
    clearTimeout(softTimer);
    deps.closing.removeEventListener('abort', abort);
  }
}

async function loadAndStore<V>(
  deps: LoadDeps<V>,
  key: string,
  loader: Loader<V>,
  o: ResolvedCallOptions,
  token: number,
  controller: AbortController,
  stale: StoredEntry<V> | undefined,
  serveStale: (entry: StoredEntry<V>) => void,
  trace: GetOrSetMessage | undefined,
): Promise<V> {
  const { ctx } = deps;
  const counters = ctx.counters;
  counters.loads++;
  if (trace !== undefined && trace.outcome !== 'stale') trace.outcome = 'load'; // a soft timeout of 0 answered stale already
  try {
    const value = await traceLoad(ctx.name, key, trace, () => withTimeout(callLoader(loader, { key, signal: controller.signal }), o.hardTimeout, key, ctx.name));
    if (value === undefined) {
      throw new InvalidArgumentError('loader', `the loader for key ${JSON.stringify(key)} returned undefined; return null to cache "not found"`, { key, tier: ctx.name });
    }
    try {
      // a write or invalidation of the key while loading is newer than what the loader read: keep it
      if (ctx.guards.valid(key, token)) await deps.writes.storeLoaded(key, value, o.ttl, o.grace);
    } catch (error) {
      ctx.report('store', undefined, key, error); // the loaded value is still the answer
    }
    return value;
  } catch (error) {
    if (error instanceof TimeoutError) counters.timeouts++;
    else counters.loaderErrors++;
    if (!controller.signal.aborted) controller.abort(error);
    if (stale !== undefined) {
      ctx.report('load', undefined, key, error);
      serveStale(stale);
      return stale.v;
    }
    throw asLoaderError(error, key, ctx.name);
  }
}
