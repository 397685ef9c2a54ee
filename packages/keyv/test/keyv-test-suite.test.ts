/**
 * Keyv's own compliance suite (@keyv/test-suite: API, values, namespaces)
 * against the adapter on every kind of tier, and its iterator suite where the
 * tier can list its keys.
 */
import keyvTestSuite, { keyvIteratorTests } from '@keyv/test-suite';
import { Keyv, type KeyvOptions } from 'keyv';
import * as vitest from 'vitest';
import { afterAll, beforeAll, describe } from 'vitest';
import type { CacheTier } from '@cache/core';
import { KeyvCacheStore } from '../src/index.js';
import { tierFactories } from './tiers.js';

/**
 * Keyv 5 wires `keyv.iterator()` only for its built-in adapters; this is the
 * one line the README tells users to add for a tier that lists its keys.
 */
class IteratingKeyv extends Keyv {
  constructor(options?: KeyvOptions) {
    super(options);
    const store = this.store as KeyvCacheStore;
    if (store.iterator !== undefined) this.iterator = this.generateIterator(store.iterator.bind(store));
  }
}

for (const factory of tierFactories) {
  describe(`@keyv/test-suite on ${factory.name}`, () => {
    let tier: CacheTier<any>;
    beforeAll(() => {
      tier = factory.create();
    });
    afterAll(() => tier.close());
    // a fresh adapter per Keyv (Keyv writes its namespace into the store), all over one tier
    const store = () => new KeyvCacheStore(tier);

    keyvTestSuite(vitest, Keyv, store);
    if (factory.lists) describe('iterator', () => keyvIteratorTests(vitest, IteratingKeyv, store));
  });
}
