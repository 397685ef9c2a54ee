/**
 * The parts the hostile-input suites of the tiers share: the calls of the
 * tier contract with a bad key, the calls with a misspelt per-call option,
 * the sweep from any starting state (fast-check, fixed seed) and the check
 * of a constructor's refusals. Each suite adds its own methods beside them.
 * @module
 */
import { ErrorCode } from '@cache/core';
import fc from 'fast-check';
import { HOSTILE_SEED, problemOf, sweep, withOwnOption, type HostileCall, type Labelled, type Outcome } from './hostile.js';

/** The key-taking methods of the tier contract (core's `CacheTier`, a Keyv store); `getEntry` where the tier has it. */
export interface KeyedTier {
  get(key: string): unknown;
  getEntry?(key: string): unknown;
  has(key: string): unknown;
  delete(key: string): unknown;
  set(key: string, value: never): unknown;
  getMany(keys: string[]): unknown;
  deleteMany(keys: string[]): unknown;
  setMany(entries: { key: string; value: never }[]): unknown;
}

/** How {@link contractKeyCalls} calls a tier. */
export interface KeyedCallsOptions {
  /** A valid key put beside the bad one in batches. @default 'a' */
  other?: string;
  /** The value written. @default 1 */
  value?: unknown;
  /** Whether the tier has `getEntry`. @default true */
  getEntry?: boolean;
}

/** The contract's calls with `key` as the key: each must fail naming `key` (or `keys`, for a batch). */
export function contractKeyCalls<C extends KeyedTier>(label: string, key: unknown, { other = 'a', value = 1, getEntry = true }: KeyedCallsOptions = {}): HostileCall<C>[] {
  const k = key as string;
  const v = value as never;
  const calls: HostileCall<C>[] = [
    { label: `get(${label})`, run: (c) => c.get(k), names: ['key'] },
    { label: `has(${label})`, run: (c) => c.has(k), names: ['key'] },
    { label: `delete(${label})`, run: (c) => c.delete(k), names: ['key'] },
    { label: `set(${label}, …)`, run: (c) => c.set(k, v), names: ['key'] },
    { label: `getMany(['${other}', ${label}])`, run: (c) => c.getMany([other, k]), names: ['key', 'keys'] },
    { label: `deleteMany(['${other}', ${label}])`, run: (c) => c.deleteMany([other, k]), names: ['key', 'keys'] },
    { label: `setMany([{${other}}, {${label}}])`, run: (c) => c.setMany([{ key: other, value: v }, { key: k, value: v }]), names: ['key'] },
  ];
  if (getEntry) calls.push({ label: `getEntry(${label})`, run: (c) => c.getEntry!(k), names: ['key'] });
  return calls;
}

/**
 * Options objects that each carry one name no method takes: typos of `ttl`,
 * a foreign name, one inherited from the prototype, an own `__proto__`,
 * `then`. A method that ignored them would drop what the caller meant.
 */
export const misspeltCallOptions: readonly Labelled<{ options: object; name: string }>[] = [
  ['{ tll: 5000 }', { options: { tll: 5000 }, name: 'tll' }],
  ['{ TTL: 5000 }', { options: { TTL: 5000 }, name: 'TTL' }],
  ['{ ttl: 5000, expiresIn: 1 }', { options: { ttl: 5000, expiresIn: 1 }, name: 'expiresIn' }],
  ['an inherited tll', { options: Object.create({ tll: 5000 }) as object, name: 'tll' }],
  ['an own __proto__', { options: withOwnOption({}, '__proto__', { ttl: 5000 }), name: '__proto__' }],
  ['{ then }', { options: { then: () => undefined }, name: 'then' }],
];

/** `run(context, options)` with each of {@link misspeltCallOptions}: each must fail naming the misspelt name. */
export function misspeltOptionCalls<C>(call: string, run: (context: C, options: never) => unknown): HostileCall<C>[] {
  return misspeltCallOptions.map(([label, { options, name }]): HostileCall<C> => ({ label: `${call} with ${label}`, run: (c) => run(c, options as never), names: [name], mustFail: true }));
}

/**
 * Asserts (fast-check, {@link HOSTILE_SEED}) that `check(preset, call)`
 * finds no problem from any starting state: a preset of distinct keys
 * drawn from `keys`, and any of `calls`.
 */
export async function assertFromAnyState<T>(keys: readonly string[], calls: readonly T[], check: (preset: string[], call: T) => Promise<string | undefined>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...keys), { maxLength: keys.length }), fc.constantFrom(...calls), async (preset, call) => {
      const problem = await check(preset, call);
      if (problem !== undefined) throw new Error(problem);
    }),
    { seed: HOSTILE_SEED, numRuns },
  );
}

/** One hostile constructor input: its label, the options (made fresh per run), and the names its error may give. */
export type OptionCase = readonly [label: string, options: () => unknown, names: readonly string[]];

/**
 * Every problem of `construct` with each case's options: each must be
 * refused with a typed error (`codes`) naming the option, printing nothing;
 * whatever a constructor accepted by mistake is closed.
 */
export function constructorProblems(cases: readonly OptionCase[], construct: (options: unknown) => unknown, codes: readonly string[] = [ErrorCode.InvalidOption]): Promise<string[]> {
  const close = (outcome: Outcome) => {
    const made = outcome.ok ? (outcome.value as { close?: unknown } | undefined) : undefined;
    return typeof made?.close === 'function' ? (made.close as () => unknown)() : undefined;
  };
  return sweep(cases, ([label, options, names]) => problemOf({ label, run: () => construct(options()), names, mustFail: true }, undefined, { codes, cleanup: close }));
}
