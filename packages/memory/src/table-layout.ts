/**
 * The size of {@link KeyIndex}'s table and where a hash's probe run starts
 * in it (see the size paragraph of `key-index.ts`' design note), and the
 * probe length past which the index reseeds.
 * @module
 */

/** The smallest power of two ≥ `n` (n ≥ 1). */
export function powerOfTwoAtLeast(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/** Above this many words, tables are powers of two (a multiplier's product would not fit 31 bits). */
const MULTIPLIED_MAX = 31 * 2 ** 21;
/** Up to this many words (1 MiB), tables are powers of two: a quarter to half full, short probes, and the memory does not matter. */
const SMALL_TABLE_MAX = 2 ** 18;

/**
 * The table size for `slots` slots and how a hash finds its home in it:
 * at least two words per slot (load ≤ 1/2). Up to 1 MiB a power of two
 * (at most four words per slot; a fuller table probes longer, measurably
 * slower at 10k entries); beyond, `multiplier` × 2^k with a multiplier of
 * 16 to 31, at most 1/16 above two words per slot (a power of two took up
 * to four: 8.4 instead of 8.1 bytes per entry at 1M entries, 16 instead of
 * 8.3 at 600k). Home = ((hash & mask) × multiplier) >>> post: the hash's
 * low bits scaled to the size in integer arithmetic (Lemire's range
 * reduction; a power of two is plain `hash & (size − 1)`), independent of
 * the fingerprint (its high bits).
 */
export function tableLayout(slots: number): { size: number; mask: number; multiplier: number; post: number } {
  const need = 2 * slots;
  if (need > MULTIPLIED_MAX || need <= SMALL_TABLE_MAX) {
    // post 0: KeyIndex#home skips the multiply (a plain mask)
    const size = powerOfTwoAtLeast(Math.max(need, 32));
    return { size, mask: size - 1, multiplier: 1, post: 0 };
  }
  // Shifts, not `2 ** k` (k ≤ 21 here): `**` yields heap numbers, and fields holding one are read as doubles on the hot path.
  const k = Math.max(0, Math.ceil(Math.log2(need)) - 5);
  const multiplier = Math.ceil(need / (1 << k));
  return { size: multiplier * (1 << k), mask: (1 << (k + 5)) - 1, multiplier, post: 5 };
}

/** Where a hash's probe run starts in a table laid out as `layout`. */
export function homeOf(hash: number, layout: { mask: number; multiplier: number; post: number }): number {
  return ((hash & layout.mask) * layout.multiplier) >>> layout.post;
}

/**
 * The longest probe run an insert may see before the index reseeds, for a
 * table of `size` words: 4·log2(size) + 56 (88 words at 256 words, 152 at
 * 2^24).
 *
 * The check runs on every insert of the cache's life, not once per table,
 * so the bound has to make a false alarm rare per insert. At load ½ (the
 * fullest a table gets) an insert of a random hash runs d words or more
 * with probability p(d) ≈ 2^−9.6 · 0.78^(d−20) (measured: 20M inserts and
 * evictions at load 0.498); the theory's tail for linear probing,
 * (α·e^(1−α))^d = 0.824^d at α = ½, decays slower, so bound it with that:
 * p(L) ≤ 2^−9.6 · 2^(−0.279·(L−20)) = 2^−19.6 · size^−1.12. Over as many
 * inserts as the table has words that is below 2^−19.6: benign keys reseed
 * less than once per 800,000 table-sizes of inserts (a 1,000-entry cache:
 * once per 1.6 billion). The former 2·log2(size) + 24 bounded the longest
 * run among the keys a table holds at once, and an evicting cache crossed
 * it about once per 400,000 inserts (the `oltp` replay reseeded about once
 * per run). A flood still meets the limit after O(log size) colliding keys.
 */
export function probeLimit(size: number): number {
  return 4 * Math.log2(size) + 56;
}
