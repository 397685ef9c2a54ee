/**
 * The invalidation bus's messages: the JSON wire format, validation of what
 * callers publish and of what arrives, and the per-namespace version
 * ordering that drops messages older than what was already applied.
 * @module
 */
import { InvalidArgumentError, describeValue, type InvalidationKind, type InvalidationMessage } from '@cache/core';

/** A subscribed namespace: its channel, handlers and the newest versions applied. */
export interface Namespace {
  readonly channel: string;
  readonly handlers: Set<(message: InvalidationMessage) => void>;
  clearVersion: number;
  readonly keyVersions: Map<string, number>;
}

/** A message on the wire (JSON): instance id, namespace, version, kind, keys. */
export interface Wire {
  i: string;
  n: string;
  v: number;
  k: InvalidationKind;
  keys: string[];
}

const KINDS = new Set<InvalidationKind>(['set', 'delete', 'clear']);

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
    typeof wire.v !== 'number' || !Number.isFinite(wire.v) || !KINDS.has(wire.k) || !Array.isArray(wire.keys) ||
    !wire.keys.every((k) => typeof k === 'string')
  ) {
    return undefined;
  }
  return wire;
}

/** Validates what a caller publishes. @throws InvalidArgumentError naming the bad field */
export function validateMessage(message: { namespace: string; kind: InvalidationKind; keys: readonly string[] }) {
  if (typeof message !== 'object' || message === null) throw new InvalidArgumentError('message', 'message must be { namespace, kind, keys }');
  const { namespace, kind, keys } = message;
  if (typeof namespace !== 'string' || namespace === '') {
    throw new InvalidArgumentError('namespace', `namespace must be a non-empty string (got ${describeValue(namespace)})`);
  }
  if (!KINDS.has(kind)) throw new InvalidArgumentError('kind', `kind must be 'set', 'delete' or 'clear' (got ${describeValue(kind)})`);
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k !== '')) {
    throw new InvalidArgumentError('keys', 'keys must be an array of non-empty strings');
  }
  return { namespace, kind, keys };
}

/**
 * Records `version` for the keys (or the namespace, for clear) and returns
 * the keys that are not stale, or undefined when the whole message is.
 */
export function applyVersion(ns: Namespace, version: number, kind: InvalidationKind, keys: readonly string[], maxTracked: number): readonly string[] | undefined {
  if (version < ns.clearVersion) return undefined;
  if (kind === 'clear') {
    ns.clearVersion = version;
    for (const [key, v] of ns.keyVersions) if (v <= version) ns.keyVersions.delete(key);
    return [];
  }
  const fresh: string[] = [];
  for (const key of keys) {
    const seen = ns.keyVersions.get(key);
    if (seen !== undefined && version < seen) continue;
    ns.keyVersions.delete(key);
    ns.keyVersions.set(key, version);
    fresh.push(key);
  }
  while (ns.keyVersions.size > maxTracked) {
    const oldest = ns.keyVersions.keys().next().value as string;
    ns.keyVersions.delete(oldest);
  }
  return fresh.length === 0 && keys.length > 0 ? undefined : fresh;
}

