/**
 * Intrusive doubly linked lists over typed arrays, circular through a
 * sentinel index (0..sentinels-1), so link and unlink never branch.
 * `next[sentinel]` is the list's head (oldest), `prev[sentinel]` its tail (newest).
 * Nodes above the sentinels are the owner's (cache slots, or slots shifted
 * past a larger set of sentinels). The eviction policies, LFU's frequency
 * buckets and the timer wheel's buckets all use this one structure.
 * @module
 */
import { FIRST_SLOT, growLinks, links, type Links } from './policy.js';

/** How a {@link SlotLists} is laid out. */
export interface SlotListsLayout {
  /** How many lists (sentinels at nodes 0..sentinels-1). @default FIRST_SLOT */
  sentinels?: number;
  /**
   * Nodes in no list point to themselves, so `isLinked()` can tell; `detach()`
   * keeps it so. @default false (unlinked nodes keep stale links)
   */
  selfLinked?: boolean;
}

/** Several lists sharing one pair of link arrays (a node is in at most one list). */
export class SlotLists {
  next: Links;
  prev: Links;
  readonly #maxNodes: number;
  readonly #sentinels: number;
  readonly #selfLinked: boolean;

  /**
   * @param nodes initial node count, sentinels included
   * @param maxNodes the most nodes it may grow to (chooses 16- or 32-bit links)
   */
  constructor(nodes: number, maxNodes: number, layout: SlotListsLayout = {}) {
    this.#maxNodes = maxNodes;
    this.#sentinels = layout.sentinels ?? FIRST_SLOT;
    this.#selfLinked = layout.selfLinked ?? false;
    this.next = links(nodes, maxNodes);
    this.prev = links(nodes, maxNodes);
    this.reset();
  }

  /** Empties every list. */
  reset(): void {
    const end = this.#selfLinked ? this.next.length : this.#sentinels;
    for (let s = 0; s < end; s++) this.next[s] = this.prev[s] = s;
  }

  /** Makes room for `nodes` nodes; new nodes are in no list. */
  grow(nodes: number): void {
    if (nodes > this.#maxNodes) throw new RangeError('slot count above the policy maximum');
    const from = this.next.length;
    this.next = growLinks(this.next, nodes);
    this.prev = growLinks(this.prev, nodes);
    if (this.#selfLinked) for (let i = from; i < nodes; i++) this.next[i] = this.prev[i] = i;
  }

  /** Appends `slot` at the tail (newest end) of `list`. */
  push(list: number, slot: number): void {
    const prev = this.prev;
    const tail = prev[list]!;
    this.next[tail] = slot;
    prev[slot] = tail;
    this.next[slot] = list;
    prev[list] = slot;
  }

  /** Removes `slot` from whatever list holds it. */
  unlink(slot: number): void {
    const next = this.next;
    const prev = this.prev;
    const p = prev[slot]!;
    const n = next[slot]!;
    next[p] = n;
    prev[n] = p;
  }

  /** Removes `node` from its list and marks it unlinked (see `selfLinked`). */
  detach(node: number): void {
    this.unlink(node);
    this.next[node] = this.prev[node] = node;
  }

  /** Whether `node` is in a list (only meaningful with `selfLinked`). */
  isLinked(node: number): boolean {
    return this.next[node] !== node;
  }

  /** Moves every node of list `from`, in order, to the tail of list `to`. */
  moveAll(from: number, to: number): void {
    const next = this.next;
    const prev = this.prev;
    const head = next[from]!;
    if (head === from) return;
    const tail = prev[from]!;
    const toTail = prev[to]!;
    next[toTail] = head;
    prev[head] = toTail;
    next[tail] = to;
    prev[to] = tail;
    next[from] = prev[from] = from;
  }

  /** Moves `slot` to the tail of `list`. */
  moveToTail(list: number, slot: number): void {
    if (this.prev[list] === slot) return;
    this.unlink(slot);
    this.push(list, slot);
  }

  /** The head (oldest) of `list`, or `list` itself when empty. */
  head(list: number): number {
    return this.next[list]!;
  }

  /** The tail (newest) of `list`, or `list` itself when empty. */
  tail(list: number): number {
    return this.prev[list]!;
  }

  isEmpty(list: number): boolean {
    return this.next[list] === list;
  }
}
