/**
 * Access traces: one key per line, plain text or gzip (detected by its magic
 * bytes, not by the file name). Keys are interned to dense integer ids so a
 * 1M-request trace is one Int32Array plus one string per distinct key.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A trace ready to replay. */
export interface Trace {
  /** A short name: the file name without `.gz`/`.keys`/`.txt`, or the synthetic spec. */
  readonly name: string;
  /** One dense key id per request, in request order. */
  readonly requests: Int32Array;
  /** The original key of each id (`keys[id]`). */
  readonly keys: readonly string[];
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** True when `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

/**
 * Parses trace bytes (plain or gzip): one key per line; surrounding blanks
 * and `\r` are trimmed, empty lines skipped.
 */
export function parseTrace(bytes: Uint8Array, name: string): Trace {
  const text = Buffer.from(isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
  const ids = new Map<string, number>();
  const keys: string[] = [];
  let requests = new Int32Array(1024);
  let count = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const key = text.slice(start, end).trim();
    start = end + 1;
    if (key.length === 0) continue;
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
    }
    if (count === requests.length) {
      const grown = new Int32Array(requests.length * 2);
      grown.set(requests);
      requests = grown;
    }
    requests[count++] = id;
  }
  return { name, requests: requests.slice(0, count), keys };
}

/** A trace's display name from its path: `oltp.keys.gz` → `oltp`. */
export function traceName(path: string): string {
  let name = basename(path);
  for (const suffix of ['.gz', '.keys', '.txt', '.trace']) {
    if (name.endsWith(suffix) && name.length > suffix.length) name = name.slice(0, -suffix.length);
  }
  return name;
}

/** Reads and parses a trace file (plain or gzip). */
export function readTrace(path: string): Trace {
  return parseTrace(readFileSync(path), traceName(path));
}

/** Number of distinct keys in a trace. */
export function uniqueKeys(trace: Trace): number {
  return trace.keys.length;
}
