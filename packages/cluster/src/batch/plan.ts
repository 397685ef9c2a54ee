/**
 * Batch planning: which commands a multi-key operation sends, and to which
 * node. Keys are grouped by hash slot (a cluster refuses a multi-key
 * command across slots), then the commands by the node serving their slot
 * (one pipeline per node).
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import { addressOf } from '../nodes.js';
import { keySlot } from '../slot.js';

/** One pipelined command of a batch: the key indices it covers. */
export interface Unit {
  readonly slot: number;
  readonly indices: number[];
}

/**
 * Groups key indices by hash slot (one command per slot, or per key with
 * `perKey`), then the commands by the set of nodes that serves their slot:
 * one array per pipeline.
 */
export function planSlots(client: Cluster, rkeys: readonly string[], subset?: readonly number[], perKey = false): Unit[][] {
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
  const slots = client.slots;
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
 * Groups key indices by the node the read goes to (the slot's master, or
 * one of its replicas per `readFrom`), for keys whose node has a ready
 * connection; the others go to `rest` (read slot by slot through the
 * cluster client, which routes and queues them).
 */
export function planReadNodes(client: Cluster, rkeys: readonly string[]): { byNode: Map<Redis, number[]>; rest: number[] } {
  const connections = new Map<string, Redis>();
  for (const node of client.nodes('all')) if (node.status === 'ready') connections.set(addressOf(node), node);
  const slots = client.slots;
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
    if (target === undefined && !targets.has(owners)) targets.set(owners, (target = readTarget(client, owners, connections)));
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
function readTarget(client: Cluster, owners: readonly string[], connections: ReadonlyMap<string, Redis>): Redis | undefined {
  const scale = client.options.scaleReads;
  let address = owners[0];
  if (owners.length > 1 && scale === 'slave') address = owners[1 + Math.floor(Math.random() * (owners.length - 1))];
  else if (owners.length > 1 && scale === 'all') address = owners[Math.floor(Math.random() * owners.length)];
  const node = address === undefined ? undefined : connections.get(address);
  // a replica answers reads only on a READONLY connection, which ioredis opens when reads may go to replicas
  if (node !== undefined && address !== owners[0] && node.options.readOnly !== true) return connections.get(owners[0]!);
  return node;
}
