/**
 * Hostile input for the public API of every `@cache` package, and the check
 * the product promise asks of each call: it succeeds, or it fails with one of
 * core's typed errors that names what to change; it prints nothing; and a
 * call that failed changed nothing (the caller compares a snapshot taken
 * before and after).
 *
 * Each package's `hostile-input.test.ts` draws from these lists with
 * fast-check (`fc.constantFrom(...)`, a fixed {@link HOSTILE_SEED}), so the
 * same inputs hit every tier.
 * @module
 */
import { isCacheError, type CacheError } from '@cache/core';

/** The seed every hostile-input property runs with (deterministic runs). */
export const HOSTILE_SEED = 20261203;

/** A labelled input: the label goes into failure messages. */
export type Labelled<T = unknown> = readonly [label: string, value: T];

/** A cyclic object (msgpack and JSON cannot encode it). */
function cyclic(): object {
  const node: Record<string, unknown> = { id: 1 };
  node.self = node;
  return node;
}

/** An object whose getter throws when read. */
function throwingGetter(): object {
  return Object.defineProperty({ id: 1 }, 'secret', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });
}

/** A Proxy every trap of which throws. */
export function hostileProxy(target: object = {}): object {
  const boom = (): never => {
    throw new Error('proxy trap exploded');
  };
  return new Proxy(target, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, set: boom, defineProperty: boom });
}

/** Keys that are not keys: every tier must refuse them with InvalidArgumentError naming `key`. */
export const invalidKeys: readonly Labelled[] = [
  ['a number', 42],
  ['NaN', Number.NaN],
  ['an object', { id: 1 }],
  ['null', null],
  ['undefined', undefined],
  ['a symbol', Symbol('k')],
  ['an array', ['a']],
  ['a boolean', true],
  ['a bigint', 10n],
  ['a String object', new String('k')],
  ['a function', () => 'k'],
  ['a Proxy', hostileProxy()],
  ['an empty string', ''],
  ['a lone high surrogate', 'a\uD800'],
  ['a lone low surrogate', '\uDC00b'],
  ['reversed surrogates', '\uDC00\uD800'],
];

/** Strings that look dangerous but are valid keys: stored and read back exactly. */
export const oddKeys: readonly Labelled<string>[] = [
  ['a NUL byte', 'a\u0000b'],
  ['only NUL', '\u0000'],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['hasOwnProperty', 'hasOwnProperty'],
  ['toString', 'toString'],
  ['glob characters', '*?[a-z]\\'],
  ['a newline and CR', 'a\r\nb'],
  ['an astral pair', 'k\uD83D\uDE00'],
  ['a 1 MB key', 'k'.repeat(1024 * 1024)],
];

/** TTLs to refuse with InvalidArgumentError naming the ttl. */
export const invalidTtls: readonly Labelled[] = [
  ['NaN', Number.NaN],
  ['-1', -1],
  ['-Infinity', -Infinity],
  ['0', 0],
  ['1e308', 1e308],
  ["'1 parsec'", '1 parsec'],
  ["'10 years'", '10 years'],
  ["''", ''],
  ['null', null],
  ['an object', { ms: 5 }],
  ['a symbol', Symbol('ttl')],
  ['a bigint', 5n],
  ['an array', [1000]],
  ['a Proxy', hostileProxy()],
];

/** TTLs every tier accepts. */
export const validTtls: readonly Labelled[] = [
  ['Infinity', Infinity],
  ['1', 1],
  ["'5m'", '5m'],
  ["'1.5h'", '1.5h'],
  ['2^52', 2 ** 52],
];

/** Values no serializer can encode (remote tiers refuse them with SerializationError). */
export const unencodableValues: readonly Labelled[] = [
  ['a function', () => 1],
  ['a symbol', Symbol('v')],
  ['a cyclic object', cyclic()],
  ['an object with a throwing getter', throwingGetter()],
  ['an object with a throwing toJSON', { toJSON: () => { throw new Error('toJSON exploded'); } }],
  ['a Proxy with throwing traps', hostileProxy()],
  ['a Proxy of an array with throwing traps', hostileProxy([1, 2])],
  ['a bigint past 64 bits', 2n ** 100n],
];

/** Entry counts that are not positive integers. */
export const invalidCounts: readonly Labelled[] = [
  ['0', 0],
  ['-1', -1],
  ['2.5', 2.5],
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ["'10'", '10'],
  ['null', null],
  ['a symbol', Symbol('n')],
  ['an object', { valueOf: () => 10 }],
];

/** Option names that must never be taken as options (prototype pollution, typos). */
export const hostileOptionNames: readonly string[] = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'ttl', 'maxentries', 'then'];

/** An options object that carries `name: value` as an own, enumerable property (even `__proto__`). */
export function withOwnOption(base: object, name: string, value: unknown): object {
  return Object.defineProperty({ ...base }, name, { value, enumerable: true, configurable: true, writable: true });
}

/** `base` whose `option` getter throws. */
export function withThrowingOption(base: object, option: string): object {
  return Object.defineProperty({ ...base }, option, {
    enumerable: true,
    get() {
      throw new Error(`reading ${option} exploded`);
    },
  });
}

/** What one call did. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs `call` and reports its result or its error, whether it throws or rejects. */
export async function settle(call: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Runs `call` (synchronous) and reports its result or its error. */
export function settleSync(call: () => unknown): Outcome {
  try {
    const value = call();
    if (value instanceof Promise) throw new Error('settleSync: the call returned a Promise');
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The name a typed error says is wrong: `argument` or `option`. */
function namedInput(error: CacheError): string | undefined {
  const e = error as CacheError & { argument?: string; option?: string };
  return e.argument ?? e.option;
}

/**
 * Why `error` breaks the promise, or undefined when it keeps it: a CacheError
 * (any copy of core) whose code is in `codes`, and, for invalid
 * argument/option errors, whose `argument`/`option` is one of `names` and
 * whose message mentions it and says what to pass (`must`, `pass`, `use`,
 * `set`, `raise`, `store` or `give`).
 */
export function typedErrorProblem(error: unknown, codes: readonly string[], names?: readonly string[]): string | undefined {
  if (!isCacheError(error)) return `not a CacheError: ${describeError(error)}`;
  if (!codes.includes(error.code)) return `code ${error.code}, expected one of ${codes.join(', ')}: ${error.message}`;
  if (error.code === 'CACHE_INVALID_ARGUMENT' || error.code === 'CACHE_INVALID_OPTION') {
    const name = namedInput(error);
    if (names !== undefined && (name === undefined || !names.some((n) => name === n || name.endsWith(`.${n}`) || name.endsWith(`]${n}`)))) {
      return `names ${String(name)}, expected ${names.join(' or ')}: ${error.message}`;
    }
    const bare = name?.replace(/^.*[.\]]/, '') ?? '';
    if (!error.message.includes(bare) && !error.message.includes(bare.replace(/s$/, ''))) return `the message does not name ${bare}: ${error.message}`;
  }
  if (!/\b(must|pass|use|set|raise|store|give|call|convert|build|create|needs|return|takes)\b|e\.g\.|did you mean|the options are/i.test(error.message)) return `the message does not say what to do: ${error.message}`;
  return undefined;
}

/** A one-line description of any thrown value (even a Proxy or a Symbol). */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
    return typeof error === 'symbol' ? error.toString() : String(error);
  } catch {
    return '(an undescribable value)';
  }
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

/**
 * Records what the code under test prints (console, stdout, stderr,
 * process warnings) until the returned `stop()`; `stop()` restores everything
 * and returns the lines.
 */
export function capturePrinting(): () => string[] {
  const printed: string[] = [];
  const record = (where: string) => (...args: unknown[]) => {
    printed.push(`${where}: ${args.map((a) => describeError(a)).join(' ')}`);
    return true;
  };
  const console_ = console as unknown as Record<string, unknown>;
  const saved = CONSOLE_METHODS.map((m) => [m, console_[m]] as const);
  for (const m of CONSOLE_METHODS) console_[m] = record(`console.${m}`);
  const { stdout, stderr } = process;
  const writes = [stdout.write, stderr.write] as const;
  stdout.write = record('stdout');
  stderr.write = record('stderr');
  const onWarning = (warning: Error) => printed.push(`warning: ${warning.message}`);
  process.on('warning', onWarning);
  return () => {
    for (const [m, fn] of saved) console_[m] = fn;
    stdout.write = writes[0];
    stderr.write = writes[1];
    process.off('warning', onWarning);
    return printed;
  };
}

/** One public call with hostile input, for {@link problemOf}. */
export interface HostileCall<C> {
  /** How the call reads in a failure message. */
  label: string;
  /** Makes the call (it may throw or return a promise). */
  run: (context: C) => unknown;
  /** The `argument`/`option` names its error may give (any when unset). */
  names?: readonly string[];
  /** The input is invalid: succeeding is a problem too. */
  mustFail?: boolean;
}

/** How {@link problemOf} judges a call. */
export interface HostileCheck {
  /** Error codes a failure may have. */
  codes: readonly string[];
  /** What a failed call must leave unchanged, read before and after (compared as JSON). */
  state?: () => unknown;
  /** Run after the call (e.g. close what it returned). */
  cleanup?: (outcome: Outcome) => unknown;
}

/**
 * Why `call` on `context` breaks the promise, or undefined when it keeps it:
 * it printed something, it failed with anything but a typed error naming
 * the input and saying what to do (see {@link typedErrorProblem}), it
 * succeeded while `mustFail`, or it failed and changed `state`.
 */
export async function problemOf<C>(call: HostileCall<C>, context: C, check: HostileCheck): Promise<string | undefined> {
  const before = JSON.stringify(await check.state?.());
  const stop = capturePrinting();
  const outcome = await settle(() => call.run(context));
  await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on a later tick
  const printed = stop();
  await check.cleanup?.(outcome);
  if (printed.length > 0) return `${call.label} printed ${printed.join('; ')}`;
  if (outcome.ok) return call.mustFail === true ? `${call.label} was accepted` : undefined;
  const problem = typedErrorProblem(outcome.error, check.codes, call.names);
  if (problem !== undefined) return `${call.label}: ${problem}`;
  if (JSON.stringify(await check.state?.()) !== before) return `${call.label} failed but changed what it must not`;
  return undefined;
}

/** Every problem of `items`, checked one after another (so a report lists them all, not just the first). */
export async function sweep<T>(items: readonly T[], check: (item: T) => Promise<string | undefined> | string | undefined): Promise<string[]> {
  const problems: string[] = [];
  for (const item of items) {
    const problem = await check(item);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

export * from './hostile-calls.js';
