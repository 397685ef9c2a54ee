/**
 * Options of {@link RedisClusterCache}: RedisCache's options (validated by
 * @cache/redis) minus `url`/`redis`/`client`, plus where the cluster is and
 * how ioredis talks to it. Cluster-specific options are validated here, once.
 * @module
 */
import type { Cluster, ClusterOptions, NatMap } from 'ioredis';
import { InvalidOptionError, describeValue } from '@cache/core';
import type { RedisCacheOptions } from '@cache/redis';

/** Default tier name. */
export const DEFAULT_CLUSTER_NAME = 'redis-cluster';
/** Default pause before a command is retried after a node's connection closed (failover), ms. */
export const DEFAULT_RETRY_DELAY_ON_FAILOVER = 100;
/** Default pause before a command is retried after TRYAGAIN (a slot migrating), ms. */
export const DEFAULT_RETRY_DELAY_ON_TRY_AGAIN = 100;
/** Default period of the background slot-map refresh, ms. */
export const DEFAULT_SLOTS_REFRESH_INTERVAL = 5000;

/** A startup node: `{ host, port }`, `'host:port'`, or `'redis://[user:pass@]host:port'`. */
export type StartupNode = string | { host: string; port: number };

/** Where reads go: masters only, replicas (masters when a slot has none), or both. */
export type ReadFrom = 'master' | 'replica' | 'all';

/**
 * Options of a RedisClusterCache. Give `nodes` (the tier owns the Cluster
 * connection) or `client` (a Cluster you own), not both.
 */
export interface RedisClusterCacheOptions extends Omit<RedisCacheOptions, 'url' | 'redis' | 'client' | 'name' | 'circuitBreaker'> {
  /**
   * Startup nodes; one reachable node is enough, the rest are discovered.
   * Required unless `client` is given. Credentials in a URL apply to every node.
   */
  nodes?: readonly StartupNode[];
  /**
   * A `Cluster` you own. The tier uses it as it is and `close()` leaves it
   * open; the tier still enforces `commandTimeout` on every call.
   */
  client?: Cluster;
  /**
   * Where reads (`get`, `getMany`, `has`, `ttl`…) go. `replica` spreads them
   * over replicas (they may lag the master by a few milliseconds: a read right
   * after a write can miss or see the old value); writes always go to masters.
   * @default 'master'
   */
  readFrom?: ReadFrom;
  /**
   * Maps the addresses the cluster announces (`CLUSTER SLOTS`) to the ones this
   * process must dial, for NAT / Docker / port forwarding: passed to ioredis as
   * `natMap`. Servers' own announce settings (`cluster-announce-ip`) need no option here.
   */
  natMap?: NatMap;
  /**
   * Options of every node connection (`password`, `username`, `tls`,
   * `connectTimeout`…), passed to ioredis as `redisOptions`. `commandTimeout`
   * is the tier's; `keyPrefix` is refused (use `prefix`).
   */
  redis?: ClusterOptions['redisOptions'];
  /**
   * Other ioredis Cluster options (`clusterRetryStrategy`,
   * `retryDelayOnFailover`, `retryDelayOnClusterDown`, `retryDelayOnTryAgain`,
   * `slotsRefreshTimeout`, `slotsRefreshInterval`, `maxRedirections`,
   * `dnsLookup`, `useSRVRecords`…), applied over the tier's defaults.
   */
  cluster?: Omit<ClusterOptions, 'redisOptions' | 'natMap' | 'scaleReads' | 'keyPrefix'>;
  /** The tier's name in errors and stats. @default 'redis-cluster' */
  name?: string;
  /**
   * RedisCache's circuit breaker, for the whole cluster. Off by default: it
   * counts failures across all nodes, so one master being replaced would make
   * calls for the healthy masters' keys fail fast too. Every call is bounded
   * by `commandTimeout` either way, and while the cluster as a whole is
   * unreachable at most `offlineQueue` calls wait.
   * @default false
   */
  circuitBreaker?: RedisCacheOptions['circuitBreaker'];
  /**
   * `getMany` reads each node's keys with one read-only script call that
   * spans slots (Redis ≥ 7 `allow-cross-slot-keys`), instead of one MGET per
   * slot: several times faster for keys spread over many slots. Keys whose
   * slot moved are re-read with slot-grouped MGETs, so results never differ.
   * `false`: always one MGET per slot (pipelined per node).
   * @default true
   */
  crossSlotReads?: boolean;
}

/** Cluster-specific options after validation. */
export interface ResolvedClusterOptions {
  nodes: { host: string; port: number }[];
  credentials: { username?: string; password?: string; tls?: boolean };
  readFrom: ReadFrom;
  natMap: NatMap | undefined;
  redis: ClusterOptions['redisOptions'];
  cluster: ClusterOptions;
}

const CLUSTER_ONLY = new Set(['nodes', 'client', 'readFrom', 'natMap', 'redis', 'cluster', 'crossSlotReads']);
const REFUSED: Record<string, string> = {
  url: 'url is not an option of RedisClusterCache; give the startup nodes instead: nodes: ["redis://host:port", ...]',
};

function parseNode(node: unknown, index: number, credentials: ResolvedClusterOptions['credentials']): { host: string; port: number } {
  const option = `nodes[${index}]`;
  if (typeof node === 'object' && node !== null) {
    const { host, port } = node as { host?: unknown; port?: unknown };
    if (typeof host !== 'string' || host === '') throw new InvalidOptionError(option, `${option}.host must be a non-empty string (got ${describeValue(host)})`);
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InvalidOptionError(option, `${option}.port must be an integer from 1 to 65535 (got ${describeValue(port)})`);
    }
    return { host, port };
  }
  if (typeof node !== 'string' || node === '') {
    throw new InvalidOptionError(option, `${option} must be { host, port }, 'host:port' or 'redis://host:port' (got ${describeValue(node)})`);
  }
  if (node.includes('://') && !/^rediss?:\/\//.test(node)) {
    throw new InvalidOptionError(option, `${option} must use redis:// or rediss:// (got ${JSON.stringify(node)})`);
  }
  const text = /^rediss?:\/\//.test(node) ? node : `redis://${node}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError(option, `${option} is not a valid address (got ${JSON.stringify(node)}); use 'host:port' or 'redis://host:port'`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new InvalidOptionError(option, `${option} must use redis:// or rediss:// (got ${JSON.stringify(node)})`);
  }
  const port = url.port === '' ? 6379 : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new InvalidOptionError(option, `${option} has no host (got ${JSON.stringify(node)})`);
  if (url.username !== '') credentials.username = decodeURIComponent(url.username);
  if (url.password !== '') credentials.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') credentials.tls = true;
  return { host, port };
}

/**
 * Splits `options` into RedisCache's options (validated by RedisCache) and
 * the cluster's own (validated here).
 * @throws InvalidOptionError naming the first invalid cluster option
 */
export function splitOptions(options: RedisClusterCacheOptions): {
  common: RedisCacheOptions;
  cluster: ResolvedClusterOptions | undefined;
  crossSlotReads: boolean;
} {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `options must be an object (got ${describeValue(options)})`);
  }
  const common: Record<string, unknown> = { name: DEFAULT_CLUSTER_NAME, circuitBreaker: false };
  for (const [key, value] of Object.entries(options)) {
    const refused = REFUSED[key];
    if (refused !== undefined) throw new InvalidOptionError(key, refused);
    if (!CLUSTER_ONLY.has(key)) common[key] = value;
  }
  const o = options;
  const crossSlotReads = o.crossSlotReads ?? true;
  if (typeof crossSlotReads !== 'boolean') {
    throw new InvalidOptionError('crossSlotReads', `crossSlotReads must be a boolean (got ${describeValue(crossSlotReads)})`);
  }
  const readFrom = o.readFrom ?? 'master';
  if (readFrom !== 'master' && readFrom !== 'replica' && readFrom !== 'all') {
    throw new InvalidOptionError('readFrom', `readFrom must be 'master', 'replica' or 'all' (got ${describeValue(readFrom)})`);
  }
  if (o.natMap !== undefined && (typeof o.natMap !== 'function' && (typeof o.natMap !== 'object' || o.natMap === null))) {
    throw new InvalidOptionError('natMap', `natMap must be an object { 'announced:port': { host, port } } or a function (got ${describeValue(o.natMap)})`);
  }
  for (const name of ['redis', 'cluster'] as const) {
    const value = o[name];
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      throw new InvalidOptionError(name, `${name} must be an ioredis options object (got ${describeValue(value)})`);
    }
    if (value !== undefined && 'keyPrefix' in value && value.keyPrefix !== undefined) {
      throw new InvalidOptionError(`${name}.keyPrefix`, `${name}.keyPrefix is not supported: use the tier's prefix option (slots are computed on the prefixed key)`);
    }
  }
  if (o.client !== undefined) {
    if (typeof o.client !== 'object' || o.client === null || (o.client as { isCluster?: unknown }).isCluster !== true) {
      throw new InvalidOptionError('client', 'client must be an ioredis Cluster instance (for a single Redis server use @cache/redis)');
    }
    if (o.nodes !== undefined || o.redis !== undefined || o.cluster !== undefined || o.natMap !== undefined || o.readFrom !== undefined) {
      throw new InvalidOptionError('client', 'give either client (a Cluster you own, configured by you) or nodes/redis/cluster/natMap/readFrom (a Cluster the tier owns), not both');
    }
    return { common, cluster: undefined, crossSlotReads };
  }
  if (!Array.isArray(o.nodes) || o.nodes.length === 0) {
    throw new InvalidOptionError('nodes', `nodes must be a non-empty array of startup nodes such as ['127.0.0.1:7000'] (got ${describeValue(o.nodes)})`);
  }
  const credentials: ResolvedClusterOptions['credentials'] = {};
  const nodes = o.nodes.map((node, index) => parseNode(node, index, credentials));
  return {
    common,
    cluster: { nodes, credentials, readFrom, natMap: o.natMap, redis: o.redis, cluster: { ...o.cluster } },
    crossSlotReads,
  };
}
