/**
 * Intrusive doubly linked lists over typed arrays, circular through a
 * sentinel index (0..sentinels-1), so link and unlink never branch.
 * A node's two links sit side by side in one array (`next` at 2n, `prev`
 * at 2n + 1), so unlinking a node reads one cache line for both, and each
 * neighbour one more (same bytes as two arrays).
 * The next of a sentinel is the list's head (oldest), its prev the tail (newest).
 * Nodes above the sentinels are the owner's (cache slots, or slots shifted
 * past a larger set of sentinels). The eviction policies, LFU's frequency
 * buckets and the timer wheel's buckets all use this one structure.
 *
 * {@link TaggedSlotLists} is the same lists with a byte of the owner's beside
 * each node's links: the top eight bits of its `prev` word (32-bit links,
 * fewer than 2^24 nodes). W-TinyLFU keeps its per-entry meta byte there, so
 * a hit, which rewrites the entry's links anyway, reads and writes the byte
 * in the same cache line instead of a line of a separate byte array.
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

/** Several lists sharing one link array (a node is in at most one list). */
export class SlotLists {
  /** Node n's next (newer) neighbour at 2n, its prev (older) one at 2n + 1. */
  links: Links;
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
    this.links = links(2 * nodes, maxNodes);
    this.reset();
  }

  /** Empties every list. */
  reset(): void {
    const end = this.#selfLinked ? this.links.length >>> 1 : this.#sentinels;
    for (let s = 0; s < end; s++) this.selfLink(s);
  }

  /** Makes room for `nodes` nodes; new nodes are in no list. */
  grow(nodes: number): void {
    if (nodes > this.#maxNodes) throw new RangeError('slot count above the policy maximum');
    const from = this.links.length >>> 1;
    this.links = growLinks(this.links, 2 * nodes);
    if (this.#selfLinked) for (let i = from; i < nodes; i++) this.selfLink(i);
  }

  /** Appends `slot` at the tail (newest end) of `list`. */
  push(list: number, slot: number): void {
    const links = this.links;
    const tail = links[2 * list + 1]!;
    links[2 * tail] = slot;
    links[2 * slot + 1] = tail;
    links[2 * slot] = list;
    links[2 * list + 1] = slot;
  }

  /** Removes `slot` from whatever list holds it. */
  unlink(slot: number): void {
    const links = this.links;
    const n = links[2 * slot]!;
    const p = links[2 * slot + 1]!;
    links[2 * p] = n;
    links[2 * n + 1] = p;
  }

  /** Removes `node` from its list and marks it unlinked (see `selfLinked`). */
  detach(node: number): void {
    this.unlink(node);
    this.selfLink(node);
  }

  /** Points both of `node`'s links at itself: an unlinked node with `selfLinked`, or an empty list for a sentinel. */
  selfLink(node: number): void {
    this.links[2 * node] = this.links[2 * node + 1] = node;
  }

  /** Whether `node` is in a list (only meaningful with `selfLinked`). */
  isLinked(node: number): boolean {
    return this.links[2 * node] !== node;
  }

  /** Moves every node of list `from`, in order, to the tail of list `to`. */
  moveAll(from: number, to: number): void {
    const links = this.links;
    const head = links[2 * from]!;
    if (head === from) return;
    const tail = links[2 * from + 1]!;
    const toTail = links[2 * to + 1]!;
    links[2 * toTail] = head;
    this.setPrev(head, toTail);
    links[2 * tail] = to;
    links[2 * to + 1] = tail;
    this.selfLink(from);
  }

  /** Points `node`'s prev link at `prev` (a subclass may keep more in that word). */
  protected setPrev(node: number, prev: number): void {
    this.links[2 * node + 1] = prev;
  }

  /** Moves `slot` to the tail of `list`. */
  moveToTail(list: number, slot: number): void {
    if (this.links[2 * list + 1] === slot) return;
    this.unlink(slot);
    this.push(list, slot);
  }

  /** The head (oldest) of `list`, or `list` itself when empty. */
  head(list: number): number {
    return this.links[2 * list]!;
  }

  /** The tail (newest) of `list`, or `list` itself when empty. */
  tail(list: number): number {
    return this.links[2 * list + 1]!;
  }

  /** The node after `node` (towards the newest end; the sentinel after the tail). */
  following(node: number): number {
    return this.links[2 * node]!;
  }

  isEmpty(list: number): boolean {
    return this.links[2 * list] === list;
  }
}

/** Nodes a {@link TaggedSlotLists} can hold: a `prev` word keeps 24 bits for the node. */
export const MAX_TAGGED_NODES = 0x1000000;
/** The node bits of a tagged `prev` word. */
const NODE_BITS = 0xffffff;
/** The tag bits of a tagged `prev` word. */
const TAG_BITS = 0xff000000;

/**
 * {@link SlotLists} whose `prev` words carry an 8-bit tag per node in bits
 * 24–31 (see the module note), in 32-bit links whatever the node count.
 * Every method keeps a node's tag where it rewrites the node's `prev`.
 * Sentinels are never tagged, so a list's tail (its sentinel's `prev`)
 * reads as in the base class. Code that reads `links` directly must mask a
 * node's `prev` word with `0xffffff` and may read its tag with `>>> 24`.
 */
export class TaggedSlotLists extends SlotLists {
  /**
   * @param nodes initial node count, sentinels included
   * @param maxNodes the most nodes it may grow to, at most {@link MAX_TAGGED_NODES}
   */
  constructor(nodes: number, maxNodes: number, layout: SlotListsLayout = {}) {
    if (maxNodes > MAX_TAGGED_NODES) throw new RangeError(`tagged lists hold at most ${MAX_TAGGED_NODES} nodes (asked for ${maxNodes})`);
    // 32-bit links even for few nodes: the tag needs the top byte.
    super(nodes, maxNodes, layout);
    if (!(this.links instanceof Uint32Array)) {
      this.links = new Uint32Array(this.links.length);
      this.reset();
    }
  }

  /** The tag of `node` (0–255). */
  tag(node: number): number {
    return this.links[2 * node + 1]! >>> 24;
  }

  /** Sets the tag of `node` (0–255), keeping its links. */
  setTag(node: number, tag: number): void {
    const links = this.links;
    links[2 * node + 1] = (links[2 * node + 1]! & NODE_BITS) | (tag << 24);
  }

  override push(list: number, slot: number): void {
    const links = this.links;
    const tail = links[2 * list + 1]!;
    links[2 * tail] = slot;
    links[2 * slot + 1] = (links[2 * slot + 1]! & TAG_BITS) | tail;
    links[2 * slot] = list;
    links[2 * list + 1] = slot;
  }

  override unlink(slot: number): void {
    const links = this.links;
    const n = links[2 * slot]!;
    const p = links[2 * slot + 1]! & NODE_BITS;
    links[2 * p] = n;
    links[2 * n + 1] = (links[2 * n + 1]! & TAG_BITS) | p;
  }

  override selfLink(node: number): void {
    const links = this.links;
    links[2 * node] = node;
    links[2 * node + 1] = (links[2 * node + 1]! & TAG_BITS) | node;
  }

  protected override setPrev(node: number, prev: number): void {
    const links = this.links;
    links[2 * node + 1] = (links[2 * node + 1]! & TAG_BITS) | prev;
  }
}
