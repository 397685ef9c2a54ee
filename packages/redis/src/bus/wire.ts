/**
 * The bus's wire format: one JSON object per pub/sub message,
 * `{ i: instanceId, n: namespace, v: version, k: kind, keys }`, plus `o: 'c'`
 * for a change of the cache's own (origin `'cache'`; parsers that predate it
 * ignore it and read a write). Encoding of
 * what this instance publishes, and a parser that refuses (returns
 * undefined for) anything that is not a well-formed message, so hostile or
 * foreign bytes on the channel are counted as `malformed` and never reach a
 * handler.
 * @module
 */
import { isInvalidationKind, type InvalidationKind, type Publication } from '@cache/core';

/** A message on the wire (JSON): instance id, namespace, version, kind, keys. */
export interface Wire {
  i: string;
  n: string;
  v: number;
  k: InvalidationKind;
  keys: string[];
  /** `'c'`: origin `'cache'`; absent: a write. */
  o?: 'c';
}

/** The JSON text of a message `instanceId` publishes at `version`. */
export function encodeWire(instanceId: string, version: number, { namespace, kind, keys, origin }: Publication): string {
  const wire: Wire = { i: instanceId, n: namespace, v: version, k: kind, keys: [...keys] };
  if (origin === 'cache') wire.o = 'c';
  return JSON.stringify(wire);
}

/** The message in `payload`, or undefined when it is not a well-formed bus message. */
export function parseWire(payload: Buffer): Wire | undefined {
  let wire: Wire;
  try {
    wire = JSON.parse(payload.toString('utf8')) as Wire;
  } catch {
    return undefined;
  }
  if (
    typeof wire !== 'object' || wire === null || typeof wire.i !== 'string' || typeof wire.n !== 'string' ||
    typeof wire.v !== 'number' || !Number.isFinite(wire.v) || !isInvalidationKind(wire.k) || !Array.isArray(wire.keys) ||
    !wire.keys.every((k) => typeof k === 'string')
  ) {
    return undefined;
  }
  return wire;
}
