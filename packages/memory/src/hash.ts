/**
 * The seeded 32-bit key hash behind the key index, the frequency sketch and
 * the S3-FIFO ghost (signed, so it stays a small integer in V8).
 *
 * - **Short keys (≤ 16 UTF-16 units)**: four xor-multiply lanes over the
 *   code units (FNV-1a's step with 2^32 / φ as the multiplier: unit i into
 *   lane i mod 4 while four remain, the last one to three into lanes a, b,
 *   c), each started from the seed xor its own constant, summed with four
 *   distinct odd multipliers plus the length, and finished with half of
 *   murmur3's fmix32 (shift-xor, multiply, shift-xor: a bijection that
 *   brings the sum's high bits down to the low bits the index's home is
 *   taken from; fmix32's second multiply and shift cost ~1.3 ns per read,
 *   below). A code unit only enters the low 16 bits of its lane, so a
 *   change can never reach bit 31 alone (the trick that broke the former
 *   long-key hash: there a difference in bit 31 is the same whatever the
 *   state); every difference a multiplication carries up depends on the
 *   (secret) lane state, so two keys collide only for some seeds, and the
 *   key index reseeds itself when a probe run grows past its bound
 *   (`key-index.ts`). For a one-bit change in the last unit of two to four
 *   lanes the sum never cancels (2^5 is the highest power of two dividing
 *   a pair of multipliers' sum or difference, where cancelling bit k needs
 *   2^(32−k); every position and sign was checked).
 *   Why not FNV's prime (0x01000193, the former single lane's): a
 *   difference at bit k ≥ 8 times it is the difference times 403, so it
 *   climbs at most 9 bits and the differences of several units combine
 *   almost additively. All keys one or two one-bit changes away from six
 *   base keys (5 to 16 units, 75,008 keys) under 16 seeds: 50 full
 *   collisions with the former single FNV lane, 58 with four FNV lanes, 18
 *   with these lanes, against 10.5 for a random function, and one pair
 *   collided under 6 of the 16 seeds with FNV's prime, none under more
 *   than one here (`test/key-index.test.ts` keeps that check).
 *   Why four lanes and half a finaliser (sixteenth session): a read of a
 *   short key waits for its hash, and a single lane is a chain of
 *   dependent multiplies, one per unit; four lanes make it one per four
 *   units, and the finaliser is two of them. 10k entries, `key:N` keys, 2M
 *   uniform reads, pinned, best of 9 rounds, 5 processes interleaved, ns
 *   per read, single FNV lane → these lanes with fmix32: the default
 *   33.1–33.6 → 31.3–31.9 (lru-cache 30.3–31.0, mnemonist 26.4–27.4);
 *   `lru` 30.5–30.6 → 29.0 (3 processes; lru-cache 30.0–30.6, mnemonist
 *   26.4–26.7). Then, with the index's home taken by a mask
 *   (`key-index.ts`), fmix32 → half of it, 6 processes (4 for `lru`): the
 *   default 30.8 → 30.0 mean (lru-cache 30.3), `lru` 28.6 → 27.6
 *   (mnemonist 28.0); from the session's start (single lane, fmix32,
 *   multiplied home) 32.9 and 30.9. The low and top 10 and 16 bits of
 *   50,000 keys of six shapes (numbers, `key:N`, hex ids, zero-padded,
 *   `uN:x`, 16 units) collide within 1.6% of a random function's count, as
 *   with fmix32 (within 1.5%). The function (524 bytes of bytecode) is
 *   past TurboFan's 460-byte limit for inlining, so a read calls it; three
 *   smaller forms that are inlined were no faster: the tail as a lane
 *   rotation (437 bytes), every unit through a rotation (256), the tail
 *   padded with the last unit (443): 31.95 and 31.98 ns at best against
 *   31.28 for the first two (with FNV's prime), 31.89 against 31.10 for
 *   the third, and the rotation on the final code 30.66 / 28.46 against
 *   30.39 / 27.83 (means, the default / `lru`). It is another hash, so
 *   every replay's collisions move: `pnpm bench:traces` 57 of 57, sum of
 *   the means 2593.54 → 2592.89 with fmix32, 2593.53 with the half
 *   finaliser (no cell more than 0.57 away: multi3@500 −0.57, ARC P6@100k
 *   +0.54; zigzag@1000's margin 0.23 → 0.11); the README's 49 hold-out
 *   cells (3 seeds) −0.11 and +0.61 in sum, the same 8 trailing. A hash
 *   that reads only half the units (not flood-proof; the tenth session
 *   measured it to bound the gain) gave `lru` 24.2 and the default 28.2 ns
 *   against mnemonist's 24.3: with every unit read in one chain, `lru` did
 *   not reach mnemonist at this size (which reads the hash V8 caches in
 *   the string); with four lanes the `read-floor` subject of `pnpm
 *   bench:memory` does (1.01×). (The tenth session measured four FNV lanes
 *   first and did not adopt them: zigzag@1000 then fell 0.01 under its
 *   bar, a margin smaller than the noise of a hash change; it is 0.11
 *   now.)
 *   Measured and not adopted (seventeenth session): dropping the finaliser
 *   from the read and taking the index's home from the top bits of the
 *   lanes' sum (the bits a multiplication mixes best; the policy's hash
 *   kept as it is, one step later). Without any finaliser `lru` read 2 ns
 *   faster (25.0–26.2 against 27.3–28.2 ns, pinned, means of 3–6
 *   processes), but a linear home keeps the structure of the keys: 200
 *   keys that shared a home under a known seed still crowded one home 26
 *   at a time on average under fresh seeds (2 with the finaliser), so the
 *   index's reseed no longer answers a flood (a probe run of 154 after it,
 *   `test/hash-flooding.test.ts`). A secret odd multiplier on the sum (a
 *   multiply-shift hash; full collisions exactly as now, floods spread as
 *   now) read about 1 ns faster, but how evenly it spreads sequential keys
 *   depends on the multiplier: 10k `key:N` keys in a 32k-word table
 *   averaged 1.08 to 1.74 probes per insert over 12 secrets (1.21–1.24 with
 *   the finaliser, for every seed), 1.14–1.95 for numeric keys; xoring a
 *   secret into the fold multipliers' high half cost nothing but gave
 *   1.04–1.99 probes and twice the full collisions of the one- and
 *   two-bit-change keys above (206 against 110 over 64 seeds; random: 42).
 *   Keeping the finaliser's shift-xor and multiply and taking the top bits
 *   of the product (its last shift-xor moved off the read) measured no
 *   faster (27.65 against 27.77 ns at best). So the finaliser's multiply
 *   is what makes the home robust to structured keys, and it stays.
 *   The measurements below, before the sixteenth session, were taken with
 *   the single FNV-1a lane.
 *   Where a read's time goes (eleventh session; same driver, best of 3
 *   processes, ns per read, `lru` / the default): with the hash handed in
 *   precomputed, 14.3 / 18.4; reading the key's units as well, but without
 *   the table waiting for them, 22.5 / 25.6; the real read, 29.9 / 34.5
 *   (mnemonist 23.7, lru-cache 29.3, a bare `Map.get` 18.8). So the
 *   index's own work is cheap; what costs is that the probe waits for the
 *   key's units, and the mix between them does not matter: eight
 *   independent multiplies, written out for 8-unit keys, gave 30.4 / 33.7.
 *   A `Map` index instead (V8 caches its hash in the string) gave 28.8 /
 *   32.1 (a bare LRU over a `Map` written like mnemonist's: 26.0): an
 *   index on a `Map` is at best mnemonist's design, while at 1M entries a
 *   `Map` takes 19 bytes per entry filled once and 59 once evictions have
 *   churned it (the table and the hashes: 12; `Map` alone, 1.5M
 *   delete-and-insert pairs).
 *   A floor (twelfth session, same driver, best of 3 processes, two runs):
 *   the least an index over this hash does per read (hash, one table word,
 *   one key compare, the value; no recency, no cache around it) took
 *   21.9–22.8 ns, against mnemonist's whole read at 24.6–26.4 and a bare
 *   `Map.get` at 19.3. mnemonist's recency and wrapper add 5.3–7.0 ns to
 *   its `Map.get`, so an LRU on this hash with recency as cheap as
 *   mnemonist's would take 27–30 ns, about 0.9× mnemonist (`lru`:
 *   29.7–31.4). The four-lane hash above would lower that floor by about
 *   3 ns, to about mnemonist's time. A single lane written out as a chain
 *   of `if (length >= k)` (constant indices) was slower: 34.2 against 31.0.
 *   With recency added (thirteenth session): that probe plus mnemonist's
 *   own list move, in two `Int32Array`s, took 24.8–24.9 ns against
 *   mnemonist's 24.2–24.6 in the driver, and `bench:memory` now measures
 *   it as the `read-floor` subject, in the same harness as the peers:
 *   get-hit-10k 0.94× and 0.95× mnemonist (two runs of 3 passes; `lru`
 *   0.92–0.94× that floor). So at 10k entries no LRU that hashes its keys
 *   in JavaScript with this hash reads as fast as mnemonist, even with no
 *   TTL, statistics, key check or flood guard; the rest of `lru`'s gap
 *   (those duties and the table's fingerprints) is 6–8% of a read. Four
 *   lanes written out as a `switch` on the length (fall-through from the
 *   last unit) made that floor slower, 25.4–25.5 ns. Not reached either:
 *   shrinking the read's bytecode so TurboFan inlines the hash into the
 *   caller's loop (a short-key-only hash function; `get` at 155 bytes,
 *   `lookup` 117, `find` 116, the hash 196 plus `fmix32` 79 exceed the
 *   920-byte budget): with `--max-inlined-bytecode-size-cumulative=3000`,
 *   `lru` 30.5 → 29.1–29.5 ns and the default 35.0 → 32.8–32.9; with the
 *   split hash under the default budget, unchanged (the caller then stops
 *   inlining `get` itself).
 * - **Longer keys**: a polynomial over the code units evaluated at two
 *   secret points modulo the prime 2^26 − 5 (Carter–Wegman): two distinct
 *   keys of n units collide in both residues with probability at most
 *   (n / 2^26)² over the seed, whatever the keys. (The two-lane FNV it
 *   replaces let chosen code units ≥ U+8000 collide for every seed: a
 *   difference in bit 31 survives every xor-multiply step, and two cancel.)
 *   About 2.5 ns per unit, twice the FNV lanes; the index keeps keys of 17
 *   to {@link MEDIUM_KEY_MAX} units in a `Map` and hashes them only on insert.
 * @module
 */

// Not exported: the optimizing compiler folds a module's own constants, but reads an imported or exported one from a cell on every use.
/** Up to this length, four xor-multiply lanes (see the module note). */
const SHORT_KEY_MAX = 16;
/** Up to this length (from 17), the index keeps the key in a `Map`; beyond, in its table. */
const MEDIUM_KEY_MAX = 4096;

/** Whether a key of this length is of medium length (17 to {@link MEDIUM_KEY_MAX} units: the key index keeps it in a `Map`). */
export function isMediumKey(length: number): boolean {
  return length > SHORT_KEY_MAX && length <= MEDIUM_KEY_MAX;
}
/** A short key's lanes multiply by 2^32 / φ (odd), not FNV's prime, which spreads a change of a high bit only 9 bits up (see the module note). */
const LANE_MULTIPLIER = 0x9e3779b1;
/** The prime modulus of the long-key polynomial (a product of two residues plus a unit stays below 2^53). */
const PRIME = 67_108_859;
const INVERSE = 1 / PRIME;

export function hashKey(key: string, seed: number): number {
  const length = key.length;
  if (length > SHORT_KEY_MAX) return fmix32(polynomialHash(key, length, seed));
  let a = seed ^ 0x811c9dc5;
  let b = seed ^ 0x2b7e1516;
  let c = seed ^ 0x3c6ef372;
  let d = seed ^ 0x510e527f;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    a = Math.imul(a ^ key.charCodeAt(i), LANE_MULTIPLIER);
    b = Math.imul(b ^ key.charCodeAt(i + 1), LANE_MULTIPLIER);
    c = Math.imul(c ^ key.charCodeAt(i + 2), LANE_MULTIPLIER);
    d = Math.imul(d ^ key.charCodeAt(i + 3), LANE_MULTIPLIER);
  }
  if (i < length) {
    a = Math.imul(a ^ key.charCodeAt(i), LANE_MULTIPLIER);
    if (i + 1 < length) {
      b = Math.imul(b ^ key.charCodeAt(i + 1), LANE_MULTIPLIER);
      if (i + 2 < length) c = Math.imul(c ^ key.charCodeAt(i + 2), LANE_MULTIPLIER);
    }
  }
  return finishShort((Math.imul(a, 0x9e3779b1) + Math.imul(b, 0x85ebca77) + Math.imul(c, 0xc2b2ae3d) + Math.imul(d, 0x27d4eb2f) + length) | 0);
}

/**
 * The short-key hash's finaliser: half of murmur3's fmix32 (a shift-xor, a
 * multiply, a shift-xor; a bijection, like fmix32), so the high bits of the
 * lanes' sum reach the low bits the index's home is taken from. It is on
 * every read's critical path, where fmix32's second multiply cost ~1.3 ns
 * (see the module note).
 */
function finishShort(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * {@link hashKey} of a key longer than 16 units, read from a copy so that
 * the caller's string is left as it is: `key + '\u0000'` is a new cons
 * string over `key`, and reading it flattens that copy, where reading `key`
 * would flatten `key` in place (see `key-index.ts` for why that matters).
 */
export function hashLongKeyCopy(key: string, seed: number): number {
  return fmix32(polynomialHash(key + '\u0000', key.length, seed));
}

/** murmur3's finaliser: a bijection in which every input bit reaches every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A point in [1, PRIME) drawn from the seed. */
function point(seed: number, salt: number): number {
  return 1 + ((fmix32(seed ^ salt) >>> 0) % (PRIME - 1));
}

/**
 * Σ unit[i]·r^(n−i) + n·r^n mod PRIME over the first `length` (n) units of
 * `key`, at two points r drawn from the seed
 * (Horner), the two 26-bit residues folded into 32 bits.
 */
function polynomialHash(key: string, length: number, seed: number): number {
  const r1 = point(seed, 0x2545f491);
  const r2 = point(seed, 0x6c8e9cf5);
  let a = length % PRIME;
  let b = a;
  for (let i = 0; i < length; i++) {
    const unit = key.charCodeAt(i);
    // x − ⌊x/p⌋·p with a float reciprocal, which may be off by one either way
    const x = a * r1 + unit;
    a = x - Math.floor(x * INVERSE) * PRIME;
    if (a < 0) a += PRIME;
    else if (a >= PRIME) a -= PRIME;
    const y = b * r2 + unit;
    b = y - Math.floor(y * INVERSE) * PRIME;
    if (b < 0) b += PRIME;
    else if (b >= PRIME) b -= PRIME;
  }
  return a ^ Math.imul(b, 0x9e3779b1);
}
