/**
 * Synthetic traces, so the hit-ratio benchmark and its tests run without
 * real trace files.
 *
 * Spec grammar (colon-separated):
 * - `zipf:S:N[:COUNT[:SEED]]`: COUNT requests (default 10×N) over N keys, Zipf skew S.
 * - `loop:N[:COUNT]`: keys 0..N-1 repeated in order (a scan that defeats LRU).
 * @module
 */
import type { Trace } from './trace.js';
import { zipfStream } from '../zipf.js';

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
  | { kind: 'loop'; keys: number; requests: number };

/** Parses a spec such as `zipf:0.99:10000` or `loop:500:5000`; throws a RangeError naming what is wrong. */
export function parseSyntheticSpec(spec: string): SyntheticSpec {
  const [kind, ...parts] = spec.split(':');
  if (kind === 'zipf') {
    const exponent = Number(parts[0]);
    if (parts[0] === undefined || !(exponent > 0)) {
      throw new RangeError(`synthetic trace '${spec}': the skew must be a number > 0, as in zipf:0.99:10000`);
    }
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
  throw new RangeError(`unknown synthetic trace '${spec}': use zipf:S:N[:COUNT[:SEED]] or loop:N[:COUNT]`);
}

/** Builds a trace from a spec such as `zipf:0.99:10000` or `loop:500:5000`. */
export function syntheticTrace(spec: string): Trace {
  const parsed = parseSyntheticSpec(spec);
  let requests: Int32Array;
  if (parsed.kind === 'zipf') {
    requests = zipfStream(parsed.requests, parsed.keys, parsed.exponent, parsed.seed);
    for (let i = 0; i < requests.length; i++) requests[i] = requests[i]! - 1;
  } else {
    requests = new Int32Array(parsed.requests);
    for (let i = 0; i < requests.length; i++) requests[i] = i % parsed.keys;
  }
  const keys = Array.from({ length: parsed.keys }, (_, id) => `k${id}`);
  return { name: spec, requests, keys };
}
