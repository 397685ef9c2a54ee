/**
 * For fault tests that kill, freeze or restart Redis: a redis-server of the
 * test file's (or `describe` block's) own, started before its tests and
 * stopped after them, with every unhandled promise rejection collected
 * meanwhile so a test can assert that a failure left none behind.
 * @module
 */
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type RedisServerHandle, type StartRedisServerOptions } from './redis-server.js';

/** What {@link useOwnRedisServer} gives a test. */
export interface OwnRedisServer {
  /** The server (available once the `beforeAll` hook ran). */
  readonly server: RedisServerHandle;
  /** Unhandled rejections seen since the server started. */
  readonly unhandled: unknown[];
}

/** Registers `beforeAll`/`afterAll` hooks that start and stop a server of the calling scope's own. */
export function useOwnRedisServer(options?: StartRedisServerOptions): OwnRedisServer {
  let server: RedisServerHandle | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    server = await startRedisServer(options);
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server?.stop();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('useOwnRedisServer: the server starts in beforeAll; use it inside tests or hooks');
      return server;
    },
    unhandled,
  };
}
