/**
 * Clear by prefix on one server: SCAN MATCH + UNLINK in batches (never
 * KEYS), and only under the tier's own prefix.
 * @module
 */
import { InvalidArgumentError, InvalidOptionError, describeValue } from '@cache/core';
import type { RedisClient } from './connection.js';
import { DEFAULT_SCAN_COUNT } from './options.js';
import type { RedisTierCore } from './tier-core.js';

/** RedisCache.clearPrefix: resolves how many keys were removed. */
export async function clearPrefix(t: RedisTierCore<unknown, RedisClient>, keyPrefix: string): Promise<number> {
  t.assertOpen();
  if (typeof keyPrefix !== 'string') {
    throw new InvalidArgumentError('keyPrefix', `keyPrefix must be a string (got ${describeValue(keyPrefix)})`, { tier: t.name });
  }
  if (t.options.prefix === '') {
    throw new InvalidOptionError(
      'prefix',
      `${t.name}: clear() needs a prefix so it only removes this tier's keys; set the prefix option, or call client.flushdb() to wipe the database on purpose`,
      { tier: t.name },
    );
  }
  const match = t.ns.matchPattern(keyPrefix);
  let cursor = '0';
  let removed = 0;
  try {
    do {
      const [next, batch] = await t.policy.call('clear', undefined, () => t.client.scanBuffer(cursor, 'MATCH', match, 'COUNT', DEFAULT_SCAN_COUNT));
      cursor = next.toString();
      if (batch.length > 0) removed += await t.policy.call('clear', undefined, () => t.writer.cacheFencedUnlink(batch.length, ...batch, t.fence.deadline()));
    } while (cursor !== '0');
  } catch (error) {
    return t.failed(error, 'clear', removed);
  }
  if (removed > 0) t.stats.recordDeletes(removed);
  return removed;
}
