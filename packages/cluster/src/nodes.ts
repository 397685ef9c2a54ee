/**
 * The cluster's nodes as the client's slot map sees them: addresses,
 * masters, and their connections.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';

/** `host:port` of a node connection, as the client dials it. */
export const addressOf = (node: Redis): string => `${node.options.host ?? '127.0.0.1'}:${node.options.port ?? 6379}`;

/** Addresses of the masters that own slots in the client's slot map. */
export function masterAddresses(client: Cluster): Set<string> {
  const masters = new Set<string>();
  for (const owners of client.slots) if (owners?.[0] !== undefined) masters.add(owners[0]);
  return masters;
}

/** Every master that owns slots, with its connection (undefined when the client has none). */
export function masterConnections(client: Cluster): Map<string, Redis | undefined> {
  const connections = new Map(client.nodes('all').map((node) => [addressOf(node), node]));
  const masters = new Map<string, Redis | undefined>();
  for (const address of masterAddresses(client)) masters.set(address, connections.get(address));
  return masters;
}
