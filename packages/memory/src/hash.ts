/**
 * The seeded 32-bit key hash behind the key index, the frequency sketch and
 * the S3-FIFO ghost (signed, so it stays a small integer in V8).
 *
 * - **Short keys (≤ 16 UTF-16 units)**: FNV-1a over code units from the
 *   seed, finished with murmur3's fmix32 so every input bit reaches every
 *   output bit. A code unit only enters the low 16 bits of the state, and
 *   the prime's carries make every difference depend on the (secret) state,
 *   so no known collision holds whatever the seed; the key index also
 *   reseeds itself when a probe run grows past its bound (`key-index.ts`).
 *   Measured and not adopted (tenth session): **four FNV-1a lanes** (unit i
 *   into lane i mod 4, folded with distinct odd multipliers, written out
 *   from the last unit down so every `charCodeAt` has a constant index).
 *   A read of a short key is bound by the chain of multiplies, one per
 *   unit in a single lane, and by `charCodeAt`, which V8 11.3 compiles to
 *   a check of the string's representation per call. 10k entries, `key:N`
 *   keys, 2M uniform reads, pinned, best of 4 processes: `lru` 30.5 →
 *   27.5 ns per read, the default 33.9 → 31.0 (mnemonist 24.3, lru-cache
 *   29.1); lanes in a loop gave about half that, and one lane written out
 *   with indices counted from the length (the same hash) nothing. But it
 *   is another hash, so every replay's collisions move: `pnpm bench:traces`
 *   moved the 57 means by 0.09 points (standard deviation), their sum up
 *   1.03, and zigzag@1000 from 47.05 to 47.02 against a bar of 47.03, a
 *   cell whose margin is smaller than that noise. A hash that only reads
 *   half the units (not flood-proof, measured to bound the gain) gave 24.2
 *   and 28.2 ns: with every unit read in JavaScript, `lru` does not reach
 *   mnemonist at this size (which reads the hash V8 caches in the string).
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
/** Up to this length, FNV-1a (the hash hit-ratio replays were tuned with). */
const SHORT_KEY_MAX = 16;
/** Up to this length (from 17), the index keeps the key in a `Map`; beyond, in its table. */
const MEDIUM_KEY_MAX = 4096;

/** Whether a key of this length is of medium length (17 to {@link MEDIUM_KEY_MAX} units: the key index keeps it in a `Map`). */
export function isMediumKey(length: number): boolean {
  return length > SHORT_KEY_MAX && length <= MEDIUM_KEY_MAX;
}
const FNV_PRIME = 0x01000193;
/** The prime modulus of the long-key polynomial (a product of two residues plus a unit stays below 2^53). */
const PRIME = 67_108_859;
const INVERSE = 1 / PRIME;

export function hashKey(key: string, seed: number): number {
  const length = key.length;
  if (length > SHORT_KEY_MAX) return fmix32(polynomialHash(key, length, seed));
  // Two units per turn: half the loop's overhead (bound check, interrupt check) per unit, same hash.
  let h = seed ^ 0x811c9dc5;
  let i = length & 1;
  if (i !== 0) h = Math.imul(h ^ key.charCodeAt(0), FNV_PRIME);
  for (; i < length; i += 2) h = Math.imul(Math.imul(h ^ key.charCodeAt(i), FNV_PRIME) ^ key.charCodeAt(i + 1), FNV_PRIME);
  return fmix32(h);
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
