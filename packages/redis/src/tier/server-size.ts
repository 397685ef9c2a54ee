/**
 * The entries and memory a Redis level reports in `stats()`: read from the
 * server's `INFO` (the keys of the connection's database and `used_memory`),
 * refreshed in the background when `stats()` finds them older than
 * {@link SERVER_SIZE_MAX_AGE}, never on the request path and never
 * counted as a call of the tier (a failed refresh keeps the last figures).
 * @module
 */
import type { Clock } from '@cache/core';
import type { RedisClient } from './connection.js';
import { parseInfo } from './server-stats.js';

/** How old (ms) the last INFO may be before `stats()` asks again in the background. */
export const SERVER_SIZE_MAX_AGE = 5_000;

/** The server's entries and memory, as last read. */
export class ServerSize {
  /** Keys in the connection's database (every prefix, not only the tier's). */
  size = 0;
  /** `used_memory` in bytes. */
  memory = 0;
  #at = -Infinity;
  #pending = false;
  readonly #client: RedisClient;
  readonly #clock: Clock;

  constructor(client: RedisClient, clock: Clock) {
    this.#client = client;
    this.#clock = clock;
  }

  /** Starts a background refresh when the figures are stale and the client is ready. */
  refresh(): void {
    const now = this.#clock.now();
    if (this.#pending || now - this.#at < SERVER_SIZE_MAX_AGE || this.#client.status !== 'ready') return;
    this.#pending = true;
    this.#at = now;
    const db = `db${(this.#client.options as { db?: number }).db ?? 0}`;
    this.#client.info().then(
      (text) => {
        const info = parseInfo(text);
        this.memory = Number(info.used_memory ?? 0) || 0;
        this.size = Number(/(?:^|,)keys=(\d+)/.exec(info[db] ?? '')?.[1] ?? 0);
        this.#pending = false;
      },
      () => {
        this.#pending = false; // keep the last figures; try again after SERVER_SIZE_MAX_AGE
      },
    );
  }
}
