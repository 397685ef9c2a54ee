/**
 * Access traces: one key per line, plain text or gzip (detected by its magic
 * bytes, not by the file name). Keys are interned to dense integer ids so a
 * 1M-request trace is one Int32Array plus one string per distinct key.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

/**
 * {@link readTrace} through a cache of decoded traces in `cacheDir` (default
 * `<os tmpdir>/cache-bench-traces`): the first read of a file decodes it and
 * writes its request ids (Int32Array) and keys; later reads of the same file
 * (same name, size and mtime) load those instead of gunzipping and
 * interning millions of lines again. The cache is only an accelerator: any
 * failure to write it is ignored.
 */
export function readTraceCached(path: string, cacheDir = join(tmpdir(), 'cache-bench-traces')): Trace {
  const stat = statSync(path);
  const name = traceName(path);
  const file = join(cacheDir, `${basename(path)}-${stat.size}-${Math.trunc(stat.mtimeMs)}.bin`);
  try {
    const bytes = readFileSync(file);
    const count = bytes.readUInt32LE(0);
    const requests = new Int32Array(count);
    new Uint8Array(requests.buffer).set(bytes.subarray(4, 4 + 4 * count));
    const keys = count === 0 ? [] : bytes.subarray(4 + 4 * count).toString('utf8').split('\n');
    return { name, requests, keys };
  } catch {
    // not cached yet (or unreadable): decode below
  }
  const trace = readTrace(path);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const header = Buffer.alloc(4);
    header.writeUInt32LE(trace.requests.length, 0);
    const body = Buffer.from(trace.requests.buffer, trace.requests.byteOffset, trace.requests.byteLength);
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.concat([header, body, Buffer.from(trace.keys.join('\n'), 'utf8')]));
    renameSync(partial, file);
  } catch {
    // a read-only or full tmpdir only costs the next run the decoding
  }
  return trace;
}

/** Number of distinct keys in a trace. */
export function uniqueKeys(trace: Trace): number {
  return trace.keys.length;
}
