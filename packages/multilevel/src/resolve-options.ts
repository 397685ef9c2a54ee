/**
 * Validation of the tiered cache's options: once, at construction, with
 * errors that name the option.
 * @module
 */
import { InvalidOptionError, MAX_TIMER_DELAY, assertKnownOptions, assertReadableOptions, describeValue, parseDuration, systemClock, type CacheTier, type Clock, type InvalidationBus, type LoadLock, type SyncCacheTier } from '@cache/core';
import {
  DEFAULT_DEGRADED_TTL,
  DEFAULT_GRACE,
  DEFAULT_HARD_TIMEOUT,
  DEFAULT_LOCK_POLL_INTERVAL,
  DEFAULT_LOCK_TTL,
  DEFAULT_LOCK_WAIT,
  DEFAULT_MAX_REPAIRS,
  DEFAULT_NAME,
  DEFAULT_RECOVERY_INTERVAL,
  DEFAULT_SOFT_TIMEOUT,
  type AbsorbedError,
  type MultiLevelCacheOptions,
} from './options.js';

/** A level after validation. */
export interface ResolvedLevelOptions {
  name: string;
  tier: CacheTier<any> | SyncCacheTier<any>;
  maxTtl: number;
  shared: boolean | undefined;
}

/** Options after validation. */
export interface ResolvedOptions {
  name: string;
  levels: ResolvedLevelOptions[];
  defaultTtl: number;
  grace: number;
  softTimeout: number;
  hardTimeout: number;
  bus: InvalidationBus | undefined;
  namespace: string;
  clock: Clock;
  onError: ((event: AbsorbedError) => void) | undefined;
  lock: LoadLock | undefined;
  lockTtl: number;
  lockWait: number;
  lockPollInterval: number;
  degradedTtl: number;
  recoveryInterval: number;
  maxRepairs: number;
}

const KNOWN = new Set([
  'levels', 'name', 'defaultTtl', 'grace', 'softTimeout', 'hardTimeout', 'bus', 'namespace', 'clock', 'onError',
  'lock', 'lockTtl', 'lockWait', 'lockPollInterval', 'degradedTtl', 'recoveryInterval', 'maxRepairs',
]);
const LEVEL_KNOWN = new Set(['name', 'tier', 'maxTtl', 'shared']);
const TIER_METHODS = ['get', 'getEntry', 'set', 'delete', 'has', 'getMany', 'setMany', 'deleteMany', 'clear', 'stats', 'close'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function nonEmptyString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidOptionError(option, `${option} must be a non-empty string (got ${describeValue(value)})`);
  }
  return value;
}

function resolveLevel(level: unknown, i: number, names: Set<string>): ResolvedLevelOptions {
  const at = `levels[${i}]`;
  if (!isObject(level)) throw new InvalidOptionError(at, `${at} must be { name, tier } (got ${describeValue(level)})`);
  assertReadableOptions(level, 'level', `${at}.`);
  if (level.tier === undefined && typeof level.get === 'function' && typeof level.set === 'function') {
    throw new InvalidOptionError(at, `${at} is a tier, but a level is { name, tier }: write levels: [{ name: 'memory', tier: yourTier }, …], fastest first`);
  }
  assertKnownOptions(level, LEVEL_KNOWN, 'level', `${at}.`);
  const name = nonEmptyString(level.name, `${at}.name`);
  if (names.has(name)) throw new InvalidOptionError(`${at}.name`, `level names must be unique; ${JSON.stringify(name)} is used twice`);
  names.add(name);
  const tier = level.tier;
  if (!isObject(tier) || TIER_METHODS.some((method) => typeof tier[method] !== 'function')) {
    throw new InvalidOptionError(`${at}.tier`, `${at}.tier must be a @cache tier (CacheTier or SyncCacheTier) with ${TIER_METHODS.join(', ')}`);
  }
  const maxTtl = level.maxTtl === undefined ? Infinity : parseDuration(level.maxTtl, `${at}.maxTtl`, { allowZero: false, allowInfinity: true });
  if (level.shared !== undefined && typeof level.shared !== 'boolean') {
    throw new InvalidOptionError(`${at}.shared`, `${at}.shared must be a boolean (got ${describeValue(level.shared)})`);
  }
  return { name, tier: tier as unknown as ResolvedLevelOptions['tier'], maxTtl, shared: level.shared };
}

function positiveInteger(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(option, `${option} must be a positive integer (got ${describeValue(value)})`);
  }
  return value;
}

/** A duration that may be Infinity; `timer`: it arms a timer, so it is bounded by setTimeout's limit. */
function optionalDuration(value: unknown, option: string, fallback: number, allowZero: boolean, timer = false): number {
  return value === undefined ? fallback : parseDuration(value, option, { allowZero, allowInfinity: true, ...(timer ? { max: MAX_TIMER_DELAY } : {}) });
}

/** Validates options; throws `InvalidOptionError` naming the first bad one. */
export function resolveOptions(options: MultiLevelCacheOptions): ResolvedOptions {
  if (!isObject(options)) throw new InvalidOptionError('options', `options must be an object with levels (got ${describeValue(options)})`);
  assertKnownOptions(options, KNOWN, 'MultiLevelCache');
  const levels = (options as { levels?: unknown }).levels;
  if (!Array.isArray(levels) || levels.length === 0) {
    throw new InvalidOptionError('levels', 'levels must be a non-empty array of { name, tier }, fastest first');
  }
  const names = new Set<string>();
  const resolvedLevels = levels.map((level, i) => resolveLevel(level, i, names));
  const tiers = new Set(resolvedLevels.map((level) => level.tier));
  if (tiers.size !== resolvedLevels.length) throw new InvalidOptionError('levels', 'each level needs its own tier; the same tier is used twice');
  const name = options.name === undefined ? DEFAULT_NAME : nonEmptyString(options.name, 'name');
  const namespace = options.namespace === undefined ? name : nonEmptyString(options.namespace, 'namespace');
  const bus = options.bus;
  if (bus !== undefined && (!isObject(bus) || typeof bus.publish !== 'function' || typeof bus.subscribe !== 'function' || typeof bus.onStatus !== 'function')) {
    throw new InvalidOptionError('bus', 'bus must be an InvalidationBus (publish, subscribe, onStatus)');
  }
  const clock = options.clock ?? systemClock;
  if (!isObject(clock) || typeof clock.now !== 'function') throw new InvalidOptionError('clock', 'clock must be an object with now()');
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new InvalidOptionError('onError', `onError must be a function (event) => void (got ${describeValue(options.onError)})`);
  }
  const lock = options.lock;
  if (lock !== undefined && (!isObject(lock) || typeof lock.acquire !== 'function')) {
    throw new InvalidOptionError('lock', `lock must be a LoadLock with acquire(key, ttlMs), e.g. @cache/redis's RedisLoadLock (got ${describeValue(lock)})`);
  }
  // lockWait, lockPollInterval and recoveryInterval arm timers, so setTimeout's limit bounds them (and lockTtl:
  // a load lease of more than 24 days is a mistake).
  const finite = (value: unknown, option: string, fallback: number, allowZero: boolean) =>
    value === undefined ? fallback : parseDuration(value, option, { allowZero, max: MAX_TIMER_DELAY });
  return {
    name,
    levels: resolvedLevels,
    defaultTtl: optionalDuration(options.defaultTtl, 'defaultTtl', Infinity, false),
    grace: optionalDuration(options.grace, 'grace', DEFAULT_GRACE, true),
    softTimeout: optionalDuration(options.softTimeout, 'softTimeout', DEFAULT_SOFT_TIMEOUT, true, true),
    hardTimeout: optionalDuration(options.hardTimeout, 'hardTimeout', DEFAULT_HARD_TIMEOUT, false, true),
    bus,
    namespace,
    clock,
    onError: options.onError,
    lock,
    lockTtl: finite(options.lockTtl, 'lockTtl', DEFAULT_LOCK_TTL, false),
    lockWait: finite(options.lockWait, 'lockWait', DEFAULT_LOCK_WAIT, true),
    lockPollInterval: finite(options.lockPollInterval, 'lockPollInterval', DEFAULT_LOCK_POLL_INTERVAL, false),
    degradedTtl: optionalDuration(options.degradedTtl, 'degradedTtl', DEFAULT_DEGRADED_TTL, false),
    recoveryInterval: finite(options.recoveryInterval, 'recoveryInterval', DEFAULT_RECOVERY_INTERVAL, false),
    maxRepairs: positiveInteger(options.maxRepairs, 'maxRepairs', DEFAULT_MAX_REPAIRS),
  };
}
