/**
 * The bus's liveness check of its subscriber connection. A server that hangs
 * (SIGSTOP, a stalled VM) or a network path that drops packets without a
 * reset leaves a TCP connection open and silent: no 'close', no error, and
 * no message either, so without a check the bus would keep reporting
 * 'subscribed' while it hears nothing. Every `interval` the check sends a
 * PING (allowed in subscriber mode); one not answered within `timeout`
 * means the connection hangs, and `hung` is called (the bus then drops the
 * connection, which reports 'unsubscribed' and reconnects).
 * @module
 */

/** What the heartbeat needs from the connection it watches. */
export interface HeartbeatTarget {
  /** Whether the connection is up (only then is it pinged). */
  readonly live: () => boolean;
  /** Sends a PING; settles with the reply (or the connection's failure). */
  readonly ping: () => Promise<unknown>;
  /** The connection hangs: drop it. */
  readonly hung: () => void;
}

/** A PING every `interval` ms while the target is live; `hung()` when one is not answered within `timeout` ms. */
export class Heartbeat {
  readonly #target: HeartbeatTarget;
  readonly #timeout: number;
  readonly #timer: NodeJS.Timeout;
  /** Whether a PING is on its way (never two at once). */
  #waiting = false;
  #stopped = false;

  constructor(target: HeartbeatTarget, interval: number, timeout: number) {
    this.#target = target;
    this.#timeout = timeout;
    this.#timer = setInterval(() => this.#beat(), interval);
    this.#timer.unref();
  }

  /** Stops for good (at close). */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  #beat(): void {
    if (this.#waiting || this.#stopped || !this.#target.live()) return;
    this.#waiting = true;
    let answered = false;
    const deadline = setTimeout(() => {
      // A blocked event loop runs timers before it reads the socket: look
      // again after this turn's I/O, so a PONG that already arrived counts.
      setImmediate(() => {
        this.#waiting = false;
        if (!answered && !this.#stopped) this.#target.hung();
      });
    }, this.#timeout);
    deadline.unref();
    this.#target.ping().then(
      () => {
        answered = true;
        clearTimeout(deadline);
        this.#waiting = false;
      },
      () => {
        // the connection failed on its own ('close' reports it); not a hang
        answered = true;
        clearTimeout(deadline);
        this.#waiting = false;
      },
    );
  }
}
