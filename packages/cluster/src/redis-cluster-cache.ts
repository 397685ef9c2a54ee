/**
 * The Redis tier on a Redis Cluster. Everything a single key needs —
 * serialization, TTLs, the failure policy (timeouts, offline bound, circuit
 * breaker, `throw`/`miss`), events, counters — is @cache/redis's RedisCache,
 * running over an ioredis `Cluster`. This file holds only what differs on a
 * cluster: multi-key operations split by hash slot and pipelined per node,
 * clear across every master, INFO per node, and the cluster's own info.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import {
  ConnectionError,
  ErrorCode,
  isCacheError,
  InvalidArgumentError,
  InvalidOptionError,
  assertKey,
  assertKeys,
  assertValue,
  describeValue,
  parseTtl,
  type CacheError,
  type SetManyEntry,
  type SetOptions,
} from '@cache/core';
import { DEFAULT_SCAN_COUNT, RedisCache, parseInfo, type RedisCacheStats } from '@cache/redis';
import { ClusterBatchError } from './batch-error.js';
import { clusterInfoFrom, type ClusterInfo } from './cluster-info.js';
import { openClusterConnection } from './connection.js';
import { splitOptions, type RedisClusterCacheOptions } from './options.js';
import { MAX_SCRIPT_KEYS, readOnNode, scriptUnsupported } from './read-script.js';
import { keySlot } from './slot.js';

/** `getStats()` of a cluster tier: RedisCache's (server counters summed over every node) plus the seed's cluster fields. */
export interface RedisClusterCacheStats extends RedisCacheStats {
  /** `ok` or `fail` (absent when the cluster could not be asked in `miss` mode). */
  readonly clusterState?: string;
  /** Masters serving slots (the seed's `cluster_size`). */
  readonly clusterSize?: number;
  /** Nodes the cluster knows (the seed's `total_nodes`). */
  readonly totalNodes?: number;
}

/** INFO of one node. */
export interface NodeInfo {
  /** `host:port` as the client dials it. */
  readonly address: string;
  /** The node's role in the client's current slot map. */
  readonly role: 'master' | 'replica';
  /** Parsed INFO, when the node answered. */
  readonly info?: Record<string, string>;
  /** Why the node did not answer. */
  readonly error?: CacheError;
}

/** One pipelined command of a batch: the key indices it covers. */
interface Unit {
  readonly slot: number;
  readonly indices: number[];
}

/** A command's outcome: `[error, reply]` like ioredis pipelines. */
type Outcome = [error: unknown, reply: unknown];

/** Records the outcome of reading the keys at `indices`: an error for all of them, or their raw values in order. */
type Settle = (indices: readonly number[], error: unknown, raws?: readonly (Buffer | null)[]) => void;

const ALLOCATION_GROUP = 'slots allocation group';
const REDIRECTION = /^(?:MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /;

/** Whether a command's error is a cluster redirection: the command was not executed and may be re-sent. */
const isRedirection = (error: unknown): boolean => error instanceof Error && REDIRECTION.test(error.message);
const INFO_SECTION = /^[a-z_]+$/i;

/** Redis PX argument: whole milliseconds, at least 1. */
function toPx(ttl: number): number {
  return Math.max(1, Math.ceil(ttl));
}

const addressOf = (node: Redis): string => `${node.options.host ?? '127.0.0.1'}:${node.options.port ?? 6379}`;

/**
 * A cache tier on a Redis Cluster (ioredis `Cluster`), with RedisCache's API
 * and failure modes. Implements core's `CacheTier`.
 *
 * ```ts
 * const cache = new RedisClusterCache({ nodes: ['127.0.0.1:7000'], prefix: 'users', readFrom: 'replica' });
 * await cache.setMany([{ key: '1', value: 'Ada' }, { key: '2', value: 'Grace' }], { ttl: '5m' });
 * const [ada, grace] = await cache.getMany(['1', '2']);
 * ```
 *
 * Multi-key operations group keys by hash slot (one MGET / UNLINK per slot,
 * one SET per entry) and send one pipeline per node, all nodes in parallel;
 * results come back in the caller's order. When some nodes fail, the other
 * keys still succeed and the failed ones are reported per key with a
 * {@link ClusterBatchError} (thrown in `throw` mode; in `miss` mode they read
 * as misses / unwritten and the error is counted and emitted).
 *
 * `clear()` SCANs every master (a SCAN sees one node only) and UNLINKs per slot.
 */
export class RedisClusterCache<V = unknown> extends RedisCache<V, Cluster> {
  #ready: Promise<void> | undefined;
  #crossSlotReads: boolean;

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: RedisClusterCacheOptions) {
    const { common, cluster, crossSlotReads } = splitOptions(options);
    super(common, (resolved) => openClusterConnection(cluster, options.client, resolved));
    // a custom scaleReads function picks nodes per command: respect it by reading slot by slot
    this.#crossSlotReads = crossSlotReads && typeof this.client.options.scaleReads !== 'function';
  }

  // ---- multi-key operations ---------------------------------------------

  /**
   * Values in the order of `keys`. Keys are grouped by the node that serves
   * their slot and each node's keys are read in one call (a cross-slot
   * read-only script, see `crossSlotReads`), all nodes in parallel; keys
   * whose slot moved — and every key when `crossSlotReads` is off — are read
   * with one MGET per slot, pipelined per node.
   */
  override async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.assertOpen();
    assertKeys(keys, this.name);
    const out = new Array<V | undefined>(keys.length).fill(undefined);
    if (keys.length === 0) return out;
    const rkeys = this.namespace.keys(keys);
    try {
      await this.#whenReady('getMany');
    } catch (error) {
      return this.failure(error, 'getMany', out);
    }
    const failures = new Map<string, CacheError>();
    const settle = (indices: readonly number[], error: unknown, raws?: readonly (Buffer | null)[]) => {
      if (error) {
        for (const i of indices) failures.set(keys[i]!, this.translate(error, 'getMany', keys[i]));
        return;
      }
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j]!;
        const raw = raws![j];
        if (raw === null || raw === undefined) this.recorder.recordMisses(1);
        else out[i] = this.decodeHit(raw, keys[i]!, 'getMany');
      }
    };
    if (this.#crossSlotReads) {
      const { byNode, rest } = this.#planNodes(rkeys);
      const reads: Promise<void>[] = [];
      if (rest.length > 0) reads.push(this.#getSlotted(rkeys, rest, settle));
      for (const [node, indices] of byNode) {
        for (let from = 0; from < indices.length; from += MAX_SCRIPT_KEYS) {
          const part = indices.slice(from, from + MAX_SCRIPT_KEYS);
          reads.push(this.#getOnNode(node, rkeys, part, settle));
        }
      }
      await Promise.all(reads);
    } else {
      await this.#getSlotted(rkeys, keys.map((_, i) => i), settle);
    }
    if (failures.size > 0) return this.failure(new ClusterBatchError('getMany', failures, out, keys.length, this.name), 'getMany', out);
    return out;
  }

  /**
   * Writes every entry (SET … PX per entry: each value lands with its TTL),
   * one pipeline per node. Resolves true when every entry was written; see
   * {@link ClusterBatchError} for partial failures (`partial` = entries written).
   * Unlike RedisCache there is no all-or-nothing transaction across slots.
   */
  override async setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    this.assertOpen();
    if (!Array.isArray(entries)) {
      throw new InvalidArgumentError('entries', `entries must be an array of { key, value, ttl? } (got ${describeValue(entries)})`, { tier: this.name });
    }
    const batchTtl = parseTtl(options?.ttl) ?? this.settings.defaultTtl;
    const ttls = new Array<number>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      assertKey(entry?.key, this.name);
      assertValue(entry.value, entry.key, this.name);
      ttls[i] = entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl, 'ttl')!;
    }
    if (entries.length === 0) return true;
    const payloads = entries.map((entry) => this.encode(entry.value, entry.key));
    const rkeys = this.namespace.keys(entries.map((entry) => entry.key));
    try {
      await this.#whenReady('setMany');
    } catch (error) {
      return this.failure(error, 'setMany', false);
    }
    const setOn = (client: Cluster, i: number): Promise<unknown> => {
      const ttl = ttls[i]!;
      return ttl === Infinity ? client.set(rkeys[i]!, payloads[i]!) : client.set(rkeys[i]!, payloads[i]!, 'PX', toPx(ttl));
    };
    const addSet = (pipeline: ReturnType<Cluster['pipeline']>, i: number): void => {
      const ttl = ttls[i]!;
      if (ttl === Infinity) pipeline.set(rkeys[i]!, payloads[i]!);
      else pipeline.set(rkeys[i]!, payloads[i]!, 'PX', toPx(ttl));
    };
    const failures = new Map<string, CacheError>();
    let written = 0;
    await Promise.all(
      this.#plan(rkeys, undefined, true).map(async (units) => {
        const outcomes = await this.#run('setMany', units, (client, unit) => setOn(client, unit.indices[0]!), (p, unit) => addSet(p, unit.indices[0]!));
        units.forEach((unit, u) => {
          const [error] = outcomes[u]!;
          const key = entries[unit.indices[0]!]!.key;
          if (error) failures.set(key, this.translate(error, 'setMany', key));
          else written++;
        });
      }),
    );
    if (written > 0) this.recorder.recordSets(written);
    if (failures.size > 0) return this.failure(new ClusterBatchError('setMany', failures, written, entries.length, this.name), 'setMany', false);
    return true;
  }

  /** Removes every key (one UNLINK per slot, one pipeline per node); resolves how many were removed. */
  override async deleteMany(keys: readonly string[]): Promise<number> {
    this.assertOpen();
    assertKeys(keys, this.name);
    if (keys.length === 0) return 0;
    const rkeys = this.namespace.keys(keys);
    try {
      await this.#whenReady('deleteMany');
    } catch (error) {
      return this.failure(error, 'deleteMany', 0);
    }
    const failures = new Map<string, CacheError>();
    let removed = 0;
    await Promise.all(
      this.#plan(rkeys).map(async (units) => {
        const outcomes = await this.#run('deleteMany', units, (client, unit) => client.unlink(...unit.indices.map((i) => rkeys[i]!)), (p, unit) => {
          p.unlink(...unit.indices.map((i) => rkeys[i]!));
        });
        units.forEach((unit, u) => {
          const [error, reply] = outcomes[u]!;
          if (error) for (const i of unit.indices) failures.set(keys[i]!, this.translate(error, 'deleteMany', keys[i]));
          else removed += reply as number;
        });
      }),
    );
    if (removed > 0) this.recorder.recordDeletes(removed);
    if (failures.size > 0) return this.failure(new ClusterBatchError('deleteMany', failures, removed, keys.length, this.name), 'deleteMany', removed);
    return removed;
  }

  /**
   * Removes the keys of this tier's namespace that start with `keyPrefix`
   * (all of them when empty) from **every master** — SCAN MATCH on each
   * master in parallel, UNLINK per slot — and resolves how many were removed.
   * Glob characters are escaped. Needs a `prefix` (InvalidOptionError
   * otherwise). When some masters fail, the others are still cleared and a
   * {@link ClusterBatchError} names the failed nodes (`partial` = removed).
   */
  override async clearPrefix(keyPrefix = ''): Promise<number> {
    this.assertOpen();
    if (typeof keyPrefix !== 'string') {
      throw new InvalidArgumentError('keyPrefix', `keyPrefix must be a string (got ${describeValue(keyPrefix)})`, { tier: this.name });
    }
    if (this.prefix === '') {
      throw new InvalidOptionError(
        'prefix',
        `${this.name}: clear() needs a prefix so it only removes this tier's keys; set the prefix option, or run FLUSHDB on every master to wipe the cluster on purpose`,
        { tier: this.name },
      );
    }
    const match = this.namespace.matchPattern(keyPrefix);
    let masters: Map<string, Redis | undefined>;
    try {
      await this.#whenReady('clear');
      masters = this.#masters();
    } catch (error) {
      return this.failure(error, 'clear', 0);
    }
    const failures = new Map<string, CacheError>();
    let removed = 0;
    await Promise.all(
      [...masters].map(async ([address, node]) => {
        try {
          if (node === undefined) throw new ConnectionError(`clear failed: no connection to master ${address}`, { tier: this.name });
          const count = await this.#clearNode(node, match);
          removed += count;
        } catch (error) {
          failures.set(address, this.translate(error, 'clear', undefined));
        }
      }),
    );
    if (removed > 0) this.recorder.recordDeletes(removed);
    if (failures.size > 0) return this.failure(new ClusterBatchError('clear', failures, removed, masters.size, this.name), 'clear', removed);
    return removed;
  }

  // ---- info ----------------------------------------------------------------

  /**
   * INFO of every node the client is connected to (masters and replicas).
   * A node that does not answer is reported with its `error`; the call
   * itself rejects (or, in `miss` mode, resolves `[]`) only when the cluster
   * is unreachable.
   */
  async nodeInfo(section?: string): Promise<NodeInfo[]> {
    this.assertOpen();
    assertSection(section, this.name);
    try {
      await this.#whenReady('info');
    } catch (error) {
      return this.failure(error, 'info', []);
    }
    const masters = this.#masterAddresses();
    return Promise.all(
      this.client.nodes('all').map(async (node): Promise<NodeInfo> => {
        const address = addressOf(node);
        const role = masters.has(address) ? 'master' : 'replica';
        try {
          const text = await this.command('info', undefined, () => (section === undefined ? node.info() : node.info(section)));
          return { address, role, info: parseInfo(text) };
        } catch (error) {
          return { address, role, error: this.translate(error, 'info', undefined) };
        }
      }),
    );
  }

  /**
   * INFO aggregated over every node that answered: numeric fields summed
   * (`keyspace_hits`, `used_memory`, `connected_clients`…), other fields kept
   * when all nodes agree. Per-node values: {@link RedisClusterCache.nodeInfo}.
   * `{}` when no node answered in `miss` mode.
   */
  override async info(section?: string): Promise<Record<string, string>> {
    const nodes = await this.nodeInfo(section);
    const answered = nodes.filter((node) => node.info !== undefined);
    if (answered.length === 0) {
      if (nodes.length === 0) return {};
      return this.failure(nodes[0]!.error ?? new ConnectionError('info failed: no node answered', { tier: this.name }), 'info', {});
    }
    const sums = new Map<string, number>();
    const texts = new Map<string, string | null>();
    for (const { info } of answered) {
      for (const [field, value] of Object.entries(info!)) {
        const number = value.trim() === '' ? NaN : Number(value);
        if (Number.isFinite(number) && !texts.has(field)) sums.set(field, (sums.get(field) ?? 0) + number);
        else {
          sums.delete(field);
          const seen = texts.get(field);
          texts.set(field, seen === undefined || seen === value ? value : null);
        }
      }
    }
    const out: Record<string, string> = {};
    for (const [field, sum] of sums) out[field] = String(sum);
    for (const [field, value] of texts) if (value !== null) out[field] = value;
    return out;
  }

  /**
   * The seed's `get_cluster_info`: state, masters, replicas, slot coverage and
   * every node, from `CLUSTER INFO` + `CLUSTER NODES` of the first master that
   * answers. In `miss` mode, `undefined` when none does.
   */
  async getClusterInfo(): Promise<ClusterInfo | undefined> {
    this.assertOpen();
    try {
      await this.#whenReady('clusterInfo');
      const masters = this.#masterAddresses();
      const nodes = this.client.nodes('all').sort((a, b) => Number(masters.has(addressOf(b))) - Number(masters.has(addressOf(a))));
      let lastError: unknown = new ConnectionError('clusterInfo failed: no cluster node is connected', { tier: this.name });
      for (const node of nodes) {
        try {
          const [info, text] = await this.command('clusterInfo', undefined, () =>
            Promise.all([node.call('CLUSTER', 'INFO') as Promise<string>, node.call('CLUSTER', 'NODES') as Promise<string>]),
          );
          return clusterInfoFrom(info, text, addressOf(node));
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    } catch (error) {
      return this.failure(error, 'clusterInfo', undefined);
    }
  }

  /**
   * RedisCache's `getStats()` (local counters + server counters summed over
   * every node) plus `clusterState`, `clusterSize` and `totalNodes`.
   */
  override async getStats(): Promise<RedisClusterCacheStats> {
    const [stats, cluster] = await Promise.all([super.getStats(), this.getClusterInfo()]);
    if (cluster === undefined) return stats;
    return Object.freeze({ ...stats, clusterState: cluster.state, clusterSize: cluster.masters, totalNodes: cluster.totalNodes });
  }

  // ---- internals -----------------------------------------------------------

  /**
   * Waits (under the failure policy: offline bound, timeout) until the
   * cluster client is ready and knows the slot map. Free when it already is.
   */
  #whenReady(operation: string): Promise<void> | void {
    const client = this.client;
    if (client.status === 'ready' && client.slots.length > 0) return;
    this.#ready ??= new Promise<void>((resolve, reject) => {
      if (client.status === 'end') {
        reject(new Error('Connection is closed.'));
        return;
      }
      const done = (error?: Error) => {
        client.off('ready', onReady);
        client.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onEnd = () => done(new Error('Connection is closed.'));
      client.on('ready', onReady);
      client.on('end', onEnd);
      if (client.status === 'wait') client.connect().catch(() => {});
    }).finally(() => {
      this.#ready = undefined;
    });
    const ready = this.#ready;
    return this.command(operation, undefined, () => ready);
  }

  /**
   * Groups key indices by hash slot (one command per slot, or per key with
   * `perKey`), then the commands by the set of nodes that serves their slot:
   * one array per pipeline.
   */
  #plan(rkeys: readonly string[], subset?: readonly number[], perKey = false): Unit[][] {
    const bySlot = new Map<number, number[]>();
    const units: Unit[] = [];
    const count = subset === undefined ? rkeys.length : subset.length;
    for (let n = 0; n < count; n++) {
      const i = subset === undefined ? n : subset[n]!;
      const slot = keySlot(rkeys[i]!);
      if (perKey) {
        units.push({ slot, indices: [i] });
        continue;
      }
      const indices = bySlot.get(slot);
      if (indices === undefined) bySlot.set(slot, [i]);
      else indices.push(i);
    }
    for (const [slot, indices] of bySlot) units.push({ slot, indices });
    const slots = this.client.slots;
    const byNode = new Map<string, Unit[]>();
    for (const unit of units) {
      const owner = slots[unit.slot]?.join(';') ?? `?${unit.slot}`;
      const group = byNode.get(owner);
      if (group === undefined) byNode.set(owner, [unit]);
      else group.push(unit);
    }
    return [...byNode.values()];
  }

  /**
   * Runs one node's commands: a single command directly, several in one
   * pipeline. Never rejects: each unit gets its `[error, reply]`. A pipeline
   * the client refuses because the slot map changed since planning is re-run
   * as single commands. Commands answered with a redirection (MOVED, ASK,
   * TRYAGAIN, CLUSTERDOWN: not executed) are sent once more, alone, after the
   * slot map was re-read: ioredis follows a redirection inside a pipeline only
   * when every command of it failed alike.
   */
  async #run(
    operation: string,
    units: readonly Unit[],
    direct: (client: Cluster, unit: Unit) => Promise<unknown>,
    add: (pipeline: ReturnType<Cluster['pipeline']>, unit: Unit) => void,
  ): Promise<Outcome[]> {
    const client = this.client;
    const singly = (some: readonly Unit[]) =>
      Promise.all(
        some.map((unit) =>
          this.command(operation, undefined, () => direct(client, unit)).then(
            (reply): Outcome => [null, reply],
            (error: unknown): Outcome => [error, undefined],
          ),
        ),
      );
    let outcomes: Outcome[];
    if (units.length === 1) outcomes = await singly(units);
    else {
      try {
        const replies: Outcome[] | null = await this.command(operation, undefined, () => {
          const pipeline = client.pipeline();
          for (const unit of units) add(pipeline, unit);
          return pipeline.exec();
        });
        if (replies === null || replies.length !== units.length) throw new Error('pipeline returned no replies');
        outcomes = replies;
      } catch (error) {
        // the slot map changed between planning and sending: let the client route each command
        if (error instanceof Error && error.message.includes(ALLOCATION_GROUP)) outcomes = await singly(units);
        else return units.map((): Outcome => [error, undefined]);
      }
    }
    const redirected: number[] = [];
    outcomes.forEach(([error], u) => {
      if (isRedirection(error)) redirected.push(u);
    });
    if (redirected.length === 0) return outcomes;
    try {
      await this.command(operation, undefined, () => new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve())));
    } catch {
      // the retry below still follows single redirections
    }
    const again = await singly(redirected.map((u) => units[u]!));
    redirected.forEach((u, n) => {
      outcomes[u] = again[n]!;
    });
    return outcomes;
  }

  /**
   * Groups key indices by the node the read goes to (the slot's master, or
   * one of its replicas per `readFrom`), for keys whose node has a ready
   * connection; the others go to `rest` (read slot by slot through the
   * cluster client, which routes and queues them).
   */
  #planNodes(rkeys: readonly string[]): { byNode: Map<Redis, number[]>; rest: number[] } {
    const connections = new Map<string, Redis>();
    for (const node of this.client.nodes('all')) if (node.status === 'ready') connections.set(addressOf(node), node);
    const slots = this.client.slots;
    const targets = new Map<readonly string[], Redis | undefined>();
    const byNode = new Map<Redis, number[]>();
    const rest: number[] = [];
    for (let i = 0; i < rkeys.length; i++) {
      const owners = slots[keySlot(rkeys[i]!)];
      if (owners === undefined) {
        rest.push(i);
        continue;
      }
      let target = targets.get(owners);
      if (target === undefined && !targets.has(owners)) targets.set(owners, (target = this.#readTarget(owners, connections)));
      if (target === undefined) {
        rest.push(i);
        continue;
      }
      const indices = byNode.get(target);
      if (indices === undefined) byNode.set(target, [i]);
      else indices.push(i);
    }
    return { byNode, rest };
  }

  /** The connection a read of a slot served by `owners` (master first) goes to, per `readFrom`. */
  #readTarget(owners: readonly string[], connections: ReadonlyMap<string, Redis>): Redis | undefined {
    const scale = this.client.options.scaleReads;
    let address = owners[0];
    if (owners.length > 1 && scale === 'slave') address = owners[1 + Math.floor(Math.random() * (owners.length - 1))];
    else if (owners.length > 1 && scale === 'all') address = owners[Math.floor(Math.random() * owners.length)];
    const node = address === undefined ? undefined : connections.get(address);
    // a replica answers reads only on a READONLY connection, which ioredis opens when reads may go to replicas
    if (node !== undefined && address !== owners[0] && node.options.readOnly !== true) return connections.get(owners[0]!);
    return node;
  }

  /** Reads one node's keys with the cross-slot script; on anything but a timeout, falls back to slot-grouped MGETs. */
  async #getOnNode(node: Redis, rkeys: readonly string[], indices: number[], settle: Settle): Promise<void> {
    let raws: (Buffer | null)[];
    try {
      raws = await this.command('getMany', undefined, () => readOnNode(node, indices.map((i) => rkeys[i]!)));
    } catch (error) {
      // a timeout would only double the wait; an open circuit would refuse the fallback too
      if (isCacheError(error, ErrorCode.Timeout) || this.circuitState !== 'closed') {
        settle(indices, error);
        return;
      }
      if (scriptUnsupported((error as { cause?: unknown }).cause ?? error)) this.#crossSlotReads = false;
      await this.#getSlotted(rkeys, indices, settle);
      return;
    }
    settle(indices, null, raws);
  }

  /** Reads keys with one MGET per slot, pipelined per node. */
  async #getSlotted(rkeys: readonly string[], indices: readonly number[], settle: Settle): Promise<void> {
    await Promise.all(
      this.#plan(rkeys, indices).map(async (units) => {
        const outcomes = await this.#run('getMany', units, (client, unit) => client.mgetBuffer(unit.indices.map((i) => rkeys[i]!)), (p, unit) => {
          p.mgetBuffer(unit.indices.map((i) => rkeys[i]!));
        });
        units.forEach((unit, u) => {
          const [error, reply] = outcomes[u]!;
          settle(unit.indices, error, reply as (Buffer | null)[]);
        });
      }),
    );
  }

  /** Addresses of the masters that own slots in the client's slot map. */
  #masterAddresses(): Set<string> {
    const masters = new Set<string>();
    for (const owners of this.client.slots) if (owners?.[0] !== undefined) masters.add(owners[0]);
    return masters;
  }

  /** Every master that owns slots, with its connection (undefined when the client has none). */
  #masters(): Map<string, Redis | undefined> {
    const connections = new Map(this.client.nodes('all').map((node) => [addressOf(node), node]));
    const masters = new Map<string, Redis | undefined>();
    for (const address of this.#masterAddresses()) masters.set(address, connections.get(address));
    return masters;
  }

  /** SCAN one master for `match` and UNLINK what it finds, per slot. */
  async #clearNode(node: Redis, match: string): Promise<number> {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, batch] = await this.command('clear', undefined, () => node.scanBuffer(cursor, 'MATCH', match, 'COUNT', DEFAULT_SCAN_COUNT));
      cursor = next.toString();
      if (batch.length === 0) continue;
      const bySlot = new Map<number, Buffer[]>();
      for (const key of batch) {
        const slot = keySlot(key);
        const keys = bySlot.get(slot);
        if (keys === undefined) bySlot.set(slot, [key]);
        else keys.push(key);
      }
      const replies = await this.command('clear', undefined, () => {
        const pipeline = node.pipeline();
        for (const keys of bySlot.values()) pipeline.unlink(...keys);
        return pipeline.exec();
      });
      for (const [error, count] of replies ?? []) {
        if (error) throw error;
        removed += count as number;
      }
    } while (cursor !== '0');
    return removed;
  }
}

function assertSection(section: unknown, tier: string): void {
  if (section !== undefined && (typeof section !== 'string' || !INFO_SECTION.test(section))) {
    throw new InvalidArgumentError('section', `section must be an INFO section name such as 'stats' (got ${describeValue(section)})`, { tier });
  }
}
