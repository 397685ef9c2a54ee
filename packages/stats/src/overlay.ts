/**
 * A face over an object that replaces some of its members and keeps every
 * other one reachable: how `instrument()` times a tier's operations without
 * hiding the tier's own API (a RedisCache's `on`, `circuitState`,
 * `getStats`, `clearPrefix`…).
 * @module
 */

/**
 * Makes `overrides` a face of `target`: every member the target has (own or
 * inherited, up to `Object.prototype`; string or symbol keys) that
 * `overrides` does not define is added to `overrides` — methods bound to the
 * target (so classes with `#private` fields keep working), fields and
 * getters/setters as accessors that read and write the target live. Returns
 * `overrides`, now typed as the target with the overrides on top.
 *
 * Built once: the overrides stay plain own properties, so calling them costs
 * what it cost before (no Proxy trap on the hot path). Methods are bound when
 * the face is made: a method replaced on the target later is not seen.
 */
export function overlay<T extends object, O extends object>(target: T, overrides: O): T & O {
  const face = overrides as Record<PropertyKey, unknown>;
  const taken = new Set<PropertyKey>(Reflect.ownKeys(overrides));
  for (let from: object | null = target; from !== null && from !== Object.prototype; from = Object.getPrototypeOf(from) as object | null) {
    for (const key of Reflect.ownKeys(from)) {
      if (key === 'constructor' || taken.has(key)) continue;
      taken.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(from, key)!;
      if (typeof descriptor.value === 'function') {
        Object.defineProperty(face, key, { value: (descriptor.value as (...args: unknown[]) => unknown).bind(target), enumerable: descriptor.enumerable, configurable: true });
      } else {
        const writable = descriptor.writable === true || descriptor.set !== undefined;
        Object.defineProperty(face, key, {
          get: () => (target as Record<PropertyKey, unknown>)[key],
          set: writable ? (value: unknown) => void ((target as Record<PropertyKey, unknown>)[key] = value) : undefined,
          enumerable: descriptor.enumerable,
          configurable: true,
        });
      }
    }
  }
  return face as T & O;
}
