/**
 * `getMany` on a cluster: one cross-slot read-only script per node, with
 * slot-grouped MGET pipelines for the keys the script cannot read.
 * @module
 */
import type { Redis } from 'ioredis';
import { ErrorCode, assertKeys, isCacheError, type CacheError } from '@cache/core';
import { ClusterBatchError } from '../batch-error.js';
import { MAX_SCRIPT_KEYS, readOnNode, scriptUnsupported } from '../read-script.js';
import type { ClusterTier } from '../cluster-tier.js';
import { planReadNodes, planSlots } from './plan.js';
import { runUnits } from './run.js';

/** Records the outcome of reading the keys at `indices`: an error for all of them, or their raw values in order. */
type Settle = (indices: readonly number[], error: unknown, raws?: readonly (Buffer | null)[]) => void;

/** A tier's multi-key reads; remembers whether the server runs the cross-slot script. */
export class ClusterReader<V> {
  readonly #t: ClusterTier<V>;
  #crossSlotReads: boolean;

  constructor(t: ClusterTier<V>, crossSlotReads: boolean) {
    this.#t = t;
    this.#crossSlotReads = crossSlotReads;
  }

  /** RedisClusterCache.getMany: values in the order of `keys`. */
  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    const t = this.#t;
    t.assertOpen();
    assertKeys(keys, t.name);
    const out = new Array<V | undefined>(keys.length).fill(undefined);
    if (keys.length === 0) return out;
    const rkeys = t.ns.keys(keys);
    try {
      await t.whenReady('getMany');
    } catch (error) {
      return t.failed(error, 'getMany', out);
    }
    const failures = new Map<string, CacheError>();
    const settle = (indices: readonly number[], error: unknown, raws?: readonly (Buffer | null)[]) => {
      if (error) {
        for (const i of indices) failures.set(keys[i]!, t.policy.translate(error, 'getMany', keys[i]));
        return;
      }
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j]!;
        const raw = raws![j];
        if (raw === null || raw === undefined) t.stats.recordMisses(1);
        else out[i] = t.decodeHit(raw, keys[i]!, 'getMany', true);
      }
    };
    if (this.#crossSlotReads) {
      const { byNode, rest } = planReadNodes(t.writer, rkeys);
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
    if (failures.size > 0) return t.failed(new ClusterBatchError('getMany', failures, out, keys.length, t.name), 'getMany', out);
    return out;
  }

  /** Reads one node's keys with the cross-slot script; on anything but a timeout, falls back to slot-grouped MGETs. */
  async #getOnNode(node: Redis, rkeys: readonly string[], indices: number[], settle: Settle): Promise<void> {
    const t = this.#t;
    let raws: (Buffer | null)[];
    try {
      raws = await t.policy.call('getMany', undefined, () => readOnNode(node, indices.map((i) => rkeys[i]!)));
    } catch (error) {
      // a timeout would only double the wait; an open circuit would refuse the fallback too
      if (isCacheError(error, ErrorCode.Timeout) || t.policy.circuitState !== 'closed') {
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
    const t = this.#t;
    await Promise.all(
      planSlots(t.writer, rkeys, indices).map(async (units) => {
        const outcomes = await runUnits(t, 'getMany', units, (client, unit) => client.mgetBuffer(unit.indices.map((i) => rkeys[i]!)), (p, unit) => {
          p.mgetBuffer(unit.indices.map((i) => rkeys[i]!));
        });
        units.forEach((unit, u) => {
          const [error, reply] = outcomes[u]!;
          settle(unit.indices, error, reply as (Buffer | null)[]);
        });
      }),
    );
  }
}
