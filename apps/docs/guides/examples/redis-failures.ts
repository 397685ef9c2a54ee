import assert from 'node:assert/strict';
import { ErrorCode, isCacheError, type CacheError } from '@cache/core';
import { RedisCache } from '@cache/redis';

// Nothing listens on this port: Redis is "down" for the whole example.
const down = 'redis://127.0.0.1:1';

// 'miss': reads resolve undefined and writes false, within commandTimeout;
// the failure is counted and emitted instead of thrown.
const tolerant = new RedisCache<string>({ url: down, prefix: 'app', onError: 'miss', commandTimeout: '200ms' });
const seen: CacheError[] = [];
tolerant.on('error', (error) => seen.push(error));
assert.equal(await tolerant.get('k'), undefined);
assert.equal(await tolerant.set('k', 'v'), false);
assert.equal(tolerant.stats().errors, 2);
assert.ok(seen.length >= 2 && seen.every((e) => isCacheError(e, ErrorCode.Connection) || isCacheError(e, ErrorCode.Timeout)));
await tolerant.close();

// 'throw' (the default): the call rejects with a typed error, within commandTimeout.
const strict = new RedisCache<string>({ url: down, prefix: 'app', commandTimeout: '200ms' });
await assert.rejects(strict.get('k'), (e) => isCacheError(e, ErrorCode.Connection) || isCacheError(e, ErrorCode.Timeout));
await strict.close();
