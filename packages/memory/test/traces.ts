/** Synthetic access traces for tests (deterministic for a seed). */

function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** `length` keys drawn from Zipf(`s`) over `universe` keys. */
export function zipfTrace(length: number, universe: number, s: number, seed: number): string[] {
  const cdf = new Float64Array(universe);
  let sum = 0;
  for (let i = 0; i < universe; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  const random = rng(seed);
  const out = new Array<string>(length);
  for (let n = 0; n < length; n++) {
    const u = random() * sum;
    let lo = 0;
    let hi = universe - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out[n] = `z${lo}`;
  }
  return out;
}

/** A Zipf working set interrupted by long scans of keys never seen again. */
export function scanPollutedTrace(length: number, seed: number): string[] {
  const base = zipfTrace(length, 5000, 0.9, seed);
  const out: string[] = [];
  let scan = 0;
  for (let i = 0; i < base.length; i++) {
    out.push(base[i]!);
    if (i % 5000 === 2500) for (let j = 0; j < 2000; j++) out.push(`scan${scan++}`);
  }
  return out;
}

/**
 * Recency only: every key is read again once, 1..`reach` requests after its
 * first read (uniformly), then never. A window of `reach` entries catches
 * every re-read; TinyLFU's admission (a key seen once is no more popular than
 * anything in main) catches none.
 */
export function reuseTrace(length: number, reach: number, seed: number): number[] {
  const keys: number[] = [];
  const due = new Map<number, number>();
  let next = 0;
  let x = seed;
  for (let i = 0; keys.length < length; i++) {
    const key = due.get(i);
    if (key !== undefined) {
      keys.push(key);
      due.delete(i);
      continue;
    }
    keys.push(next);
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    let at = i + 1 + (x % reach);
    while (due.has(at)) at++;
    due.set(at, next++);
  }
  return keys;
}

/**
 * Recency only, with reuse at every distance (the `stack` model of the
 * bench's synthetic traces): each request reads the key at a depth drawn
 * from an exponential distribution of mean `depth` in the stack of keys
 * ordered by last read, or a new key one time in 20 (or when the depth is
 * past the stack). LRU is near the best a policy without foresight does
 * here; frequency says nothing.
 */
export function stackTrace(length: number, depth: number, seed: number): number[] {
  const random = rng(seed);
  const stack: number[] = [];
  const keys: number[] = [];
  let next = 0;
  while (keys.length < length) {
    const d = Math.floor(-Math.log(1 - random()) * depth);
    const key = random() < 1 / 20 || d >= stack.length ? next++ : stack.splice(stack.length - 1 - d, 1)[0]!;
    stack.push(key);
    if (stack.length > 40 * depth) stack.shift();
    keys.push(key);
  }
  return keys;
}
