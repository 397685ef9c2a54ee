/**
 * The server's INFO, parsed (the seed's `get_info`).
 * @module
 */
import { InvalidArgumentError, describeValue } from '@cache/core';
import type { RedisClient } from './connection.js';
import { parseInfo } from './server-stats.js';
import type { RedisTierCore } from './tier-core.js';

const INFO_SECTION = /^[a-z_]+$/i;

/** RedisCache.info: parsed `INFO [section]`; `{}` on failure in `miss` mode. */
export async function readInfo(t: RedisTierCore<unknown, RedisClient>, section?: string): Promise<Record<string, string>> {
  t.assertOpen();
  if (section !== undefined && (typeof section !== 'string' || !INFO_SECTION.test(section))) {
    throw new InvalidArgumentError('section', `section must be an INFO section name such as 'stats' (got ${describeValue(section)})`, { tier: t.name });
  }
  try {
    const text = await t.policy.call('info', undefined, () => (section === undefined ? t.client.info() : t.client.info(section)));
    return parseInfo(text);
  } catch (error) {
    return t.failed(error, 'info', {});
  }
}
