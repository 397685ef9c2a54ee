/**
 * Synthetic traces, so the hit-ratio benchmark and its tests run without
 * real trace files.
 *
 * Spec grammar (colon-separated):
 * - `zipf:S:N[:COUNT[:SEED]]`: COUNT requests (default 10×N) over N keys, Zipf skew S.
 * - `loop:N[:COUNT]`: keys 0..N-1 repeated in order (a scan that defeats LRU).
 * - `stack:D[:COUNT[:SEED]]`: recency only (an LRU stack-distance model):
 *   each request is a new key with probability 1/20, else the key at a
 *   depth drawn from an exponential distribution of mean D in the stack of
 *   keys ordered by last request (a depth past the stack's 40·D keys gives
 *   a new key). COUNT defaults to 400×D. LRU is near the optimum for a
 *   cache of a few D; a frequency filter has nothing to go on.
 * - `shift:S:N:PHASE[:COUNT[:SEED]]`: Zipf skew S over N keys whose ranks
 *   are dealt to the keys anew every PHASE requests (popularity that moves:
 *   what was hot goes cold at once). COUNT defaults to 6×PHASE.
 * @module
 */
import type { Trace } from './trace.js';
import { seededRandom } from '../random.js';
import { ZipfGenerator, zipfStream } from '../zipf.js';

/** The seed used when a spec does not give one. */
export const DEFAULT_SYNTHETIC_SEED = 42;

const positiveInteger = (text: string | undefined, what: string, spec: string): number => {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`synthetic trace '${spec}': ${what} must be a positive integer (got ${text ?? 'nothing'})`);
  }
  return value;
};

/** A parsed synthetic-trace spec. */
export type SyntheticSpec =
  | { kind: 'zipf'; exponent: number; keys: number; requests: number; seed: number }
  | { kind: 'loop'; keys: number; requests: number }
  | { kind: 'stack'; depth: number; requests: number; seed: number }
  | { kind: 'shift'; exponent: number; keys: number; phase: number; requests: number; seed: number };

const skew = (text: string | undefined, spec: string, example: string): number => {
  const exponent = Number(text);
  if (text === undefined || !(exponent > 0)) throw new RangeError(`synthetic trace '${spec}': the skew must be a number > 0, as in ${example}`);
  return exponent;
};

/** Parses a spec such as `zipf:0.99:10000` or `loop:500:5000`; throws a RangeError naming what is wrong. */
export function parseSyntheticSpec(spec: string): SyntheticSpec {
  const [kind, ...parts] = spec.split(':');
  if (kind === 'zipf') {
    const exponent = skew(parts[0], spec, 'zipf:0.99:10000');
    const keys = positiveInteger(parts[1], 'the number of keys', spec);
    const requests = parts[2] === undefined ? keys * 10 : positiveInteger(parts[2], 'the number of requests', spec);
    const seed = parts[3] === undefined ? DEFAULT_SYNTHETIC_SEED : positiveInteger(parts[3], 'the seed', spec);
    return { kind, exponent, keys, requests, seed };
  }
  if (kind === 'loop') {
    const keys = positiveInteger(parts[0], 'the number of keys', spec);
    const requests = parts[1] === undefined ? keys * 10 : positiveInteger(parts[1], 'the number of requests', spec);
    return { kind, keys, requests };
  }
  if (kind === 'stack') {
    const depth = positiveInteger(parts[0], 'the mean depth', spec);
    const requests = parts[1] === undefined ? depth * 400 : positiveInteger(parts[1], 'the number of requests', spec);
    const seed = parts[2] === undefined ? DEFAULT_SYNTHETIC_SEED : positiveInteger(parts[2], 'the seed', spec);
    return { kind, depth, requests, seed };
  }
  if (kind === 'shift') {
    const exponent = skew(parts[0], spec, 'shift:0.9:100000:200000');
    const keys = positiveInteger(parts[1], 'the number of keys', spec);
    const phase = positiveInteger(parts[2], 'the phase length', spec);
    const requests = parts[3] === undefined ? phase * 6 : positiveInteger(parts[3], 'the number of requests', spec);
    const seed = parts[4] === undefined ? DEFAULT_SYNTHETIC_SEED : positiveInteger(parts[4], 'the seed', spec);
    return { kind, exponent, keys, phase, requests, seed };
  }
  throw new RangeError(`unknown synthetic trace '${spec}': use zipf:S:N[:COUNT[:SEED]], loop:N[:COUNT], stack:D[:COUNT[:SEED]] or shift:S:N:PHASE[:COUNT[:SEED]]`);
}

/** Requests of the `stack` model (see the module note) and how many keys they use. */
function stackRequests(depth: number, count: number, seed: number): { requests: Int32Array; keys: number } {
  const random = seededRandom(seed);
  const requests = new Int32Array(count);
  // Keys by last request, most recent last.
  const stack: number[] = [];
  let keys = 0;
  for (let i = 0; i < count; i++) {
    const d = Math.floor(-Math.log(1 - random.next()) * depth);
    let key: number;
    if (random.next() < 1 / 20 || d >= stack.length) key = keys++;
    else key = stack.splice(stack.length - 1 - d, 1)[0]!;
    stack.push(key);
    if (stack.length > 40 * depth) stack.shift();
    requests[i] = key;
  }
  return { requests, keys };
}

/** Requests of the `shift` model: Zipf ranks, dealt to the keys anew every `phase` requests. */
function shiftRequests(exponent: number, keys: number, phase: number, count: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const zipf = new ZipfGenerator(keys, exponent, seededRandom(seed + 1));
  const owner = Int32Array.from({ length: keys }, (_, k) => k);
  const requests = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (i % phase === 0) {
      for (let k = keys - 1; k > 0; k--) {
        const j = random.nextInt(k + 1);
        [owner[k], owner[j]] = [owner[j]!, owner[k]!];
      }
    }
    requests[i] = owner[zipf.next() - 1]!;
  }
  return requests;
}

/** Builds a trace from a spec such as `zipf:0.99:10000` or `loop:500:5000`. */
export function syntheticTrace(spec: string): Trace {
  const parsed = parseSyntheticSpec(spec);
  let requests: Int32Array;
  let keyCount = parsed.kind === 'stack' ? 0 : parsed.keys;
  if (parsed.kind === 'stack') {
    ({ requests, keys: keyCount } = stackRequests(parsed.depth, parsed.requests, parsed.seed));
  } else if (parsed.kind === 'shift') {
    requests = shiftRequests(parsed.exponent, parsed.keys, parsed.phase, parsed.requests, parsed.seed);
  } else if (parsed.kind === 'zipf') {
    requests = zipfStream(parsed.requests, parsed.keys, parsed.exponent, parsed.seed);
    for (let i = 0; i < requests.length; i++) requests[i] = requests[i]! - 1;
  } else {
    requests = new Int32Array(parsed.requests);
    for (let i = 0; i < requests.length; i++) requests[i] = i % parsed.keys;
  }
  const keys = Array.from({ length: keyCount }, (_, id) => `k${id}`);
  return { name: spec, requests, keys };
}
