/**
 * The seed's `get_cluster_info`: masters, replicas, state and slot coverage,
 * parsed from `CLUSTER INFO` and `CLUSTER NODES` of one node.
 * @module
 */
import { parseInfo } from '@cache/redis/internal';
import { SLOT_COUNT } from './slot.js';

/** One node as the cluster sees it. */
export interface ClusterNodeDescription {
  /** The node's 40-character cluster id. */
  readonly id: string;
  /** The announced address `host:port`. */
  readonly address: string;
  /** `master` (serving slots or not) or `replica`. */
  readonly role: 'master' | 'replica';
  /** The id of the master a replica follows. */
  readonly masterId: string | undefined;
  /** Slot ranges served, inclusive: `[[0, 5460]]`. Empty for replicas. */
  readonly slots: readonly (readonly [number, number])[];
  /** Whether the cluster considers the node failed (`fail`) or suspects it (`fail?`). */
  readonly failing: boolean;
  /** Whether the node reporting this has a live cluster-bus link to it. */
  readonly connected: boolean;
  /** Raw `CLUSTER NODES` flags (`master`, `slave`, `myself`, `fail?`…). */
  readonly flags: readonly string[];
}

/** What the cluster reports about itself. */
export interface ClusterInfo {
  /** `ok`, or `fail` when some slots are not served. */
  readonly state: string;
  /** Masters serving at least one slot (the seed's `cluster_size`). */
  readonly masters: number;
  /** Replicas (of any master). */
  readonly replicas: number;
  /** Every node the cluster knows (the seed's `total_nodes`). */
  readonly totalNodes: number;
  /** Slots assigned to some master. */
  readonly slotsAssigned: number;
  /** Slots whose master is not failing. */
  readonly slotsOk: number;
  /** Slots whose master is suspected to fail. */
  readonly slotsPfail: number;
  /** Slots whose master failed. */
  readonly slotsFail: number;
  /** Whether all 16384 slots are assigned and served. */
  readonly slotsCovered: boolean;
  /** The node that answered, `host:port`. */
  readonly reportedBy: string;
  /** Every node. */
  readonly nodes: readonly ClusterNodeDescription[];
}

/** Parses `CLUSTER NODES` output. */
export function parseClusterNodes(text: string): ClusterNodeDescription[] {
  const nodes: ClusterNodeDescription[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    const [id, address, flagText, master, , , , link, ...slotText] = parts;
    if (id === undefined || address === undefined || flagText === undefined || link === undefined) continue;
    const flags = flagText.split(',');
    const slots: [number, number][] = [];
    for (const range of slotText) {
      if (range.startsWith('[')) continue; // migrating / importing markers
      const [from, to] = range.split('-');
      const start = Number(from);
      const end = to === undefined ? start : Number(to);
      if (Number.isInteger(start) && Number.isInteger(end)) slots.push([start, end]);
    }
    nodes.push(
      Object.freeze({
        id,
        address: address.split('@')[0]!.split(',')[0]!,
        role: flags.includes('slave') ? 'replica' : 'master',
        masterId: master === '-' || master === undefined ? undefined : master,
        slots: Object.freeze(slots),
        failing: flags.includes('fail') || flags.includes('fail?'),
        connected: link === 'connected',
        flags: Object.freeze(flags),
      }),
    );
  }
  return nodes;
}

/** Builds {@link ClusterInfo} from the replies of one node. */
export function clusterInfoFrom(infoText: string, nodesText: string, reportedBy: string): ClusterInfo {
  const info = parseInfo(infoText);
  const nodes = parseClusterNodes(nodesText);
  const num = (field: string) => {
    const value = Number(info[field]);
    return Number.isFinite(value) ? value : 0;
  };
  const slotsOk = num('cluster_slots_ok');
  return Object.freeze({
    state: info.cluster_state ?? 'unknown',
    masters: nodes.filter((node) => node.role === 'master' && node.slots.length > 0).length,
    replicas: nodes.filter((node) => node.role === 'replica').length,
    totalNodes: num('cluster_known_nodes') || nodes.length,
    slotsAssigned: num('cluster_slots_assigned'),
    slotsOk,
    slotsPfail: num('cluster_slots_pfail'),
    slotsFail: num('cluster_slots_fail'),
    slotsCovered: slotsOk === SLOT_COUNT,
    reportedBy,
    nodes: Object.freeze(nodes),
  });
}
