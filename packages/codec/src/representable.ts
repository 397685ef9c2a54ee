/**
 * What the built-in serializers can store, checked in the one walk over a
 * value that msgpack needs anyway (it has to know whether a `Map` occurs).
 *
 * msgpackr and `JSON.stringify` never refuse a JavaScript value: what they
 * cannot represent they write as something else — a function as `undefined`
 * (or nothing), a `Promise`, `WeakMap` or `Blob` as `{}` — and the read
 * returns that instead of the value. So the codec refuses, before anything
 * is sent, every value that would not read back as itself:
 *
 * | refused (both serializers)                                   | why                          |
 * |--------------------------------------------------------------|------------------------------|
 * | functions, symbols (as values, at any depth)                 | no data to write             |
 * | `Promise`, `WeakMap`, `WeakSet`, `WeakRef`, iterators, generators, `SharedArrayBuffer`, boxed primitives | their state is not in properties: `{}` |
 * | other class instances with no enumerable own property (`Blob`, `AbortController`, `new Empty()`) | would read back as `{}` |
 * | values nested more than {@link MAX_DEPTH} levels (or a cycle) | cannot be written            |
 *
 * JSON also refuses what JSON turns into something else: `Map`, `Set`
 * (`{}`), `BigInt`, `NaN`/`±Infinity` (`null`), `undefined` in an array
 * (`null`), binary data (`Buffer`, typed arrays, `ArrayBuffer`), `RegExp`
 * and `Error` (`{}`).
 *
 * Kept: `null`, booleans, numbers, strings, arrays, plain and null-prototype
 * objects; with msgpack also `undefined`, `Date`, `Map`, `Set`, `BigInt` of
 * any size, `Buffer`/typed arrays/`DataView`/`ArrayBuffer`, `RegExp`,
 * `Error`. Class instances with data are kept as their enumerable own
 * properties (they read back as plain objects, as with any serializer); an
 * object with a `toJSON()` method (other than the types above) is written as
 * what `toJSON()` returns and is not inspected further. Properties keyed by
 * symbols are not stored. A custom serializer is not checked: it decides.
 * @module
 */
import { types } from 'node:util';

/** Deepest nesting the serializers accept (deeper is refused: a cycle, or a stack overflow waiting to happen). */
export const MAX_DEPTH = 1000;

/**
 * A value (at `path`) the serializer cannot represent. Its message —
 * "value.a[2] is a function, which msgpack cannot store" — is built when
 * read, once the walk has unwound and the path is complete.
 */
export class Unrepresentable extends Error {
  /** Where, from the outside in: property names, indices, `<map key>`… */
  readonly path: string[] = [];
  readonly what: string;
  serializer = 'the serializer';

  constructor(what: string) {
    super();
    this.name = 'Unrepresentable';
    this.what = what;
  }

  override get message(): string {
    const path = this.path;
    const shown = path.length <= 12 ? path.join('') : `${path.slice(0, 6).join('')}…${path.slice(-3).join('')}`;
    return `value${shown} is ${this.what}, which ${this.serializer} cannot store`;
  }
}

/** Runs a check, naming the serializer in what it throws. */
function checking<T>(serializer: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof Unrepresentable) error.serializer = serializer;
    throw error;
  }
}

/** Prepends a path segment to an Unrepresentable on its way out. */
function at(error: unknown, segment: string): unknown {
  if (error instanceof Unrepresentable) error.path.unshift(segment);
  return error;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const property = (key: string) => (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

function kindOf(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : Object.prototype.toString.call(value).slice(8, -1);
}

/** Built-ins whose state is not in their properties: every serializer would write them as `{}` (or a boxed string's characters). */
function opaque(value: object): string | undefined {
  if (types.isPromise(value)) return 'a Promise';
  if (types.isWeakMap(value)) return 'a WeakMap';
  if (types.isWeakSet(value)) return 'a WeakSet';
  if (value instanceof WeakRef) return 'a WeakRef';
  if (types.isBoxedPrimitive(value)) return `a boxed ${kindOf(value)} (store the primitive)`;
  if (types.isGeneratorObject(value) || types.isMapIterator(value) || types.isSetIterator(value)) return 'an iterator (spread it into an array)';
  if (types.isSharedArrayBuffer(value)) return 'a SharedArrayBuffer';
  return undefined;
}

/** An object created by `{}`/`Object.create(null)` (of any realm). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const functionOrSymbol = (value: unknown): Unrepresentable =>
  new Unrepresentable(typeof value === 'symbol' ? 'a symbol' : `a function${(value as () => void).name ? ` (${(value as () => void).name})` : ''}`);

const tooDeep = () => new Unrepresentable(`nested more than ${MAX_DEPTH} levels deep (a cycle?)`);

// ---- msgpack ---------------------------------------------------------------

/**
 * Throws {@link Unrepresentable} when msgpack (as configured by
 * `createMsgpackSerializer`) would not read `value` back as itself.
 * @returns whether a `Map` occurs in `value` (then records must be used)
 */
export function checkMsgpack(value: unknown): boolean {
  return checking('msgpack', () => msgpack(value, 0));
}

function msgpack(value: unknown, depth: number): boolean {
  if (typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw functionOrSymbol(value);
    return false;
  }
  if (value === null) return false;
  if (depth >= MAX_DEPTH) throw tooDeep();
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Array.prototype) return msgpackItems(value as unknown[], depth);
  if (proto === Object.prototype) return msgpackProperties(value, depth, false);
  return msgpackOther(value, depth);
}

function msgpackItems(items: readonly unknown[], depth: number): boolean {
  let map = false;
  for (let i = 0; i < items.length; i++) {
    try {
      if (msgpack(items[i], depth + 1)) map = true;
    } catch (error) {
      throw at(error, `[${i}]`);
    }
  }
  return map;
}

/** Own enumerable properties (for…in, as msgpackr writes them); an instance with none is refused. */
function msgpackProperties(value: object, depth: number, instance: boolean): boolean {
  let map = false;
  let count = 0;
  for (const key in value) {
    if (instance && !Object.hasOwn(value, key)) continue;
    count++;
    try {
      if (msgpack((value as Record<string, unknown>)[key], depth + 1)) map = true;
    } catch (error) {
      throw at(error, property(key));
    }
  }
  if (instance && count === 0) throw new Unrepresentable(`an instance of ${kindOf(value)} with no enumerable own property (it would read back as {})`);
  return map;
}

function msgpackOther(value: object, depth: number): boolean {
  if (value instanceof Map) {
    for (const [key, item] of value as Map<unknown, unknown>) {
      try {
        msgpack(key, depth + 1);
      } catch (error) {
        throw at(error, '<map key>');
      }
      try {
        msgpack(item, depth + 1);
      } catch (error) {
        throw at(error, `.get(${typeof key === 'string' || typeof key === 'number' ? JSON.stringify(key) : '…'})`);
      }
    }
    return true;
  }
  if (value instanceof Set) {
    let map = false;
    for (const item of value as Set<unknown>) {
      try {
        if (msgpack(item, depth + 1)) map = true;
      } catch (error) {
        throw at(error, '<set item>');
      }
    }
    return map;
  }
  if (Array.isArray(value)) return msgpackItems(value, depth);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp || value instanceof Error) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const refused = opaque(value);
  if (refused !== undefined) throw new Unrepresentable(refused);
  return msgpackProperties(value, depth, !isPlain(value));
}

// ---- JSON ------------------------------------------------------------------

/** Throws {@link Unrepresentable} when `JSON.stringify` would not read `value` back as itself (Dates excepted: they read back as ISO strings). */
export function checkJson(value: unknown): void {
  checking('JSON', () => json(value, 0, false));
}

function json(value: unknown, depth: number, inArray: boolean): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new Unrepresentable(`${value} (JSON writes null; use msgpack)`);
      return;
    case 'undefined':
      // an undefined property is left out, which reads back the same; in an array JSON writes null
      if (inArray) throw new Unrepresentable('undefined in an array (JSON writes null; store null)');
      return;
    case 'bigint':
      throw new Unrepresentable('a BigInt (use msgpack, or store it as a string)');
    case 'object':
      break;
    default:
      throw functionOrSymbol(value);
  }
  if (value === null) return;
  if (depth >= MAX_DEPTH) throw tooDeep();
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype) jsonProperties(value, depth, false);
  else if (proto === Array.prototype) jsonItems(value as unknown[], depth);
  else jsonOther(value, depth);
}

function jsonItems(items: readonly unknown[], depth: number): void {
  for (let i = 0; i < items.length; i++) {
    try {
      json(items[i], depth + 1, true);
    } catch (error) {
      throw at(error, `[${i}]`);
    }
  }
}

function jsonProperties(value: object, depth: number, instance: boolean): void {
  let count = 0;
  for (const key in value) {
    if (instance && !Object.hasOwn(value, key)) continue;
    count++;
    try {
      json((value as Record<string, unknown>)[key], depth + 1, false);
    } catch (error) {
      throw at(error, property(key));
    }
  }
  if (instance && count === 0) throw new Unrepresentable(`an instance of ${kindOf(value)} with no enumerable own property (it would read back as {})`);
}

function jsonOther(value: object, depth: number): void {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) throw new Unrepresentable(`binary data (a ${kindOf(value)}; use msgpack, or base64)`);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
  if (Array.isArray(value)) return jsonItems(value, depth);
  if (value instanceof Map || value instanceof Set) throw new Unrepresentable(`a ${kindOf(value)} (JSON writes {}; use msgpack)`);
  const refused = opaque(value);
  if (refused !== undefined) throw new Unrepresentable(refused);
  jsonProperties(value, depth, !isPlain(value));
}
