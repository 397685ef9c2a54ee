import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { MemcachedNotInstalledError, RedisNotInstalledError } from './errors.js';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The redis-server binary: `REDIS_SERVER_BIN` when set (it must exist), otherwise
 * `redis-server` on PATH. Throws {@link RedisNotInstalledError} when missing.
 */
export function findRedisServer(): string {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isExecutableFile(fromEnv)) return fromEnv;
    throw new RedisNotInstalledError();
  }
  const found = searchPath('redis-server');
  if (found === undefined) throw new RedisNotInstalledError();
  return found;
}

/**
 * The redis-cli binary (used for `redis-cli --cluster create`): `REDIS_CLI_BIN` when set,
 * otherwise `redis-cli` next to the redis-server binary, otherwise `redis-cli` on PATH.
 */
export function findRedisCli(): string {
  const message =
    'redis-cli not found (looked for REDIS_CLI_BIN, redis-cli next to redis-server, and redis-cli on PATH). Install it: apt-get install -y redis-server';
  const fromEnv = process.env.REDIS_CLI_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isExecutableFile(fromEnv)) return fromEnv;
    throw new RedisNotInstalledError(message);
  }
  const besideServer = join(dirname(findRedisServer()), 'redis-cli');
  if (isExecutableFile(besideServer)) return besideServer;
  const found = searchPath('redis-cli');
  if (found === undefined) throw new RedisNotInstalledError(message);
  return found;
}

/**
 * The memcached binary: `MEMCACHED_BIN` when set (it must exist), otherwise
 * `memcached` on PATH, otherwise Debian's `/usr/bin/memcached`. Throws
 * {@link MemcachedNotInstalledError} when missing.
 */
export function findMemcached(): string {
  const fromEnv = process.env.MEMCACHED_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isExecutableFile(fromEnv)) return fromEnv;
    throw new MemcachedNotInstalledError();
  }
  const found = searchPath('memcached') ?? (isExecutableFile('/usr/bin/memcached') ? '/usr/bin/memcached' : undefined);
  if (found === undefined) throw new MemcachedNotInstalledError();
  return found;
}
