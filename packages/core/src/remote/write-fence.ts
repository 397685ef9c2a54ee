/**
 * Server-clock deadlines for writes: the clock half of "a call reported as
 * failed never takes effect later". A write can outlive its caller's
 * deadline where the client cannot reach it (an offline queue re-sent on
 * reconnect, the socket buffer of a hung server that continues later). A
 * server that can check a deadline before it runs a write (Redis: a Lua
 * script comparing `TIME`) refuses it once {@link WriteFence.deadline} — in
 * the server's own clock — has passed.
 *
 * The deadline is `now + offset + budget`: `offset` (server clock − local
 * clock) is measured on every (re)connect ({@link WriteFence.calibrate}), and
 * `budget` is the call's `commandTimeout` minus a margin (the offset's
 * uncertainty + {@link FENCE_GUARD}), so the server stops running a write
 * before the tier's own deadline reports it failed, with room for the reply
 * to arrive.
 * @module
 */

/** Milliseconds by which the server-side deadline precedes the tier's own (room for the reply to arrive). */
export const FENCE_GUARD = 10;

/** Server-time deadlines for the writes of one tier (or lock). */
export class WriteFence {
  readonly #timeout: number;
  /** Server clock − local clock (ms); 0 until the first calibration. */
  #offset = 0;
  #budget: number;

  /** @param commandTimeout the tier's deadline (ms) that writes must not outlive */
  constructor(commandTimeout: number) {
    this.#timeout = commandTimeout;
    this.#budget = commandTimeout - Math.min(FENCE_GUARD, commandTimeout / 2);
  }

  /** The server-clock instant (ms since the epoch) after which a write issued now must not run. */
  deadline(): number {
    return Math.floor(Date.now() + this.#offset + this.#budget);
  }

  /**
   * Measures the server's clock (on every connect): `serverTime` resolves the
   * server's time in ms since the epoch. A failed measurement keeps the
   * previous offset. Never rejects.
   */
  async calibrate(serverTime: () => Promise<number>): Promise<void> {
    const before = Date.now();
    let server: number;
    try {
      server = await serverTime();
    } catch {
      return;
    }
    const after = Date.now();
    const uncertainty = (after - before) / 2;
    this.#offset = server - (before + after) / 2;
    this.#budget = this.#timeout - Math.min(uncertainty + FENCE_GUARD, this.#timeout / 2);
  }
}
