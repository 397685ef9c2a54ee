/**
 * INFO on a cluster: per node, summed over the nodes, and the cluster's own
 * `CLUSTER INFO` / `CLUSTER NODES`.
 * @module
 */
import { ConnectionError, InvalidArgumentError, describeValue, type CacheError } from '@cache/core';
import { parseInfo } from '@cache/redis/internal';
import { clusterInfoFrom, type ClusterInfo } from './cluster-info.js';
import { addressOf, masterAddresses } from './nodes.js';
import type { ClusterTier } from './cluster-tier.js';

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

const INFO_SECTION = /^[a-z_]+$/i;

function assertSection(section: unknown, tier: string): void {
  if (section !== undefined && (typeof section !== 'string' || !INFO_SECTION.test(section))) {
    throw new InvalidArgumentError('section', `section must be an INFO section name such as 'stats' (got ${describeValue(section)})`, { tier });
  }
}

/** RedisClusterCache.nodeInfo: INFO of every node the client is connected to. */
export async function readNodeInfo(t: ClusterTier<unknown>, section?: string): Promise<NodeInfo[]> {
  t.assertOpen();
  assertSection(section, t.name);
  try {
    await t.whenReady('info');
  } catch (error) {
    return t.failed(error, 'info', []);
  }
  const masters = masterAddresses(t.writer);
  return Promise.all(
    t.writer.nodes('all').map(async (node): Promise<NodeInfo> => {
      const address = addressOf(node);
      const role = masters.has(address) ? 'master' : 'replica';
      try {
        const text = await t.policy.call('info', undefined, () => (section === undefined ? node.info() : node.info(section)));
        return { address, role, info: parseInfo(text) };
      } catch (error) {
        return { address, role, error: t.policy.translate(error, 'info', undefined) };
      }
    }),
  );
}

/**
 * INFO of the nodes that answered, aggregated: numeric fields summed, other
 * fields kept when all nodes agree. A failure (see `failure`) when none answered.
 */
export function sumNodeInfo(t: ClusterTier<unknown>, nodes: readonly NodeInfo[]): Record<string, string> {
  const answered = nodes.filter((node) => node.info !== undefined);
  if (answered.length === 0) {
    if (nodes.length === 0) return {};
    return t.failed(nodes[0]!.error ?? new ConnectionError('info failed: no node answered', { tier: t.name }), 'info', {});
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

/** RedisClusterCache.getClusterInfo: from the first node (masters first) that answers. */
export async function readClusterInfo(t: ClusterTier<unknown>): Promise<ClusterInfo | undefined> {
  t.assertOpen();
  try {
    await t.whenReady('clusterInfo');
    const masters = masterAddresses(t.writer);
    const nodes = t.writer.nodes('all').sort((a, b) => Number(masters.has(addressOf(b))) - Number(masters.has(addressOf(a))));
    let lastError: unknown = new ConnectionError('clusterInfo failed: no cluster node is connected', { tier: t.name });
    for (const node of nodes) {
      try {
        const [info, text] = await t.policy.call('clusterInfo', undefined, () =>
          Promise.all([node.call('CLUSTER', 'INFO') as Promise<string>, node.call('CLUSTER', 'NODES') as Promise<string>]),
        );
        return clusterInfoFrom(info, text, addressOf(node));
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    return t.failed(error, 'clusterInfo', undefined);
  }
}
