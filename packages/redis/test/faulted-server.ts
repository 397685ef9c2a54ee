import { afterEach, beforeEach } from 'vitest';
import { useOwnRedisServer } from '@cache/test-support/own-server';

/** Something a test opens and the file's cleanup closes. */
type Closable = { close(): Promise<unknown> } | { disconnect(): void };

/**
 * A redis-server of this test file's own, for tests that kill or pause it:
 * restarted before a test when an earlier one killed it, resumed after each
 * test, and every client registered with `closeAfter` closed after the test.
 */
export function useFaultedServer() {
  const own = useOwnRedisServer();
  const opened: Closable[] = [];
  beforeEach(async () => {
    if (own.server.pid === undefined) await own.server.restart();
  });
  afterEach(async () => {
    own.server.resume();
    for (const item of opened.splice(0)) {
      if ('close' in item) await item.close();
      else item.disconnect();
    }
  });
  return {
    own,
    /** Registers `item` to be closed after the test, and returns it. */
    closeAfter<T extends Closable>(item: T): T {
      opened.push(item);
      return item;
    },
  };
}
