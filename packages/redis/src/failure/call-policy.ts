/**
 * The failure policy around every backend command: the circuit breaker gate,
 * the offline-queue bound, the deadline, adaptive auto-pipelining, the count
 * of calls in flight (what `close()` waits for), and translation of what
 * ioredis throws.
 *
 * The deadline is the tier's own and the only timeout mechanism of the
 * package ({@link settleWithin}, also used by the bus and the lock): it
 * starts when the call is made — not when ioredis gets round to writing the
 * command (an auto-pipelined command waits for the previous pipeline, so an
 * ioredis `commandTimeout` could fire at 2× the timeout) — and it holds for
 * clients the user owns as well.
 *
 * Hot operations call `enter()` before issuing a command, `timed()` around
 * it and `succeeded()` / `rejected()` after awaiting it; `call()` wraps the
 * four for the rest.
 * @module
 */
import { ConnectionError, type CacheError, type Clock } from '@cache/core';
import { CircuitBreaker, type CircuitBreakerSettings, type CircuitState } from './circuit-breaker.js';
import { isOutage, translateError } from './translate.js';

/** What the policy needs to know about the client. */
export interface PolicyClient {
  readonly status: string;
  readonly options: { enableAutoPipelining?: boolean | undefined };
}

/** Settings of a {@link CallPolicy}. */
export interface CallPolicySettings {
  /** Tier name, for errors. */
  tier: string;
  /** Every call settles within this time (ms). */
  commandTimeout: number;
  /** Commands allowed to wait while disconnected. */
  offlineQueue: number;
  /** The breaker, or undefined when off. */
  circuitBreaker: CircuitBreakerSettings | undefined;
  /** Toggle the client's auto-pipelining per command (owned clients with autoPipelining on). */
  adaptivePipelining: boolean;
  clock: Clock;
  /** Called when the breaker changes state. */
  onCircuit: (state: CircuitState) => void;
}

/** A token from {@link CallPolicy.enter}: 1 when the command waits in the offline queue. */
export type CallToken = 0 | 1;

export class CallPolicy {
  readonly #client: PolicyClient;
  readonly #settings: CallPolicySettings;
  readonly #breaker: CircuitBreaker | undefined;
  #inFlight = 0;
  #offline = 0;
  /** Resolves `drained()` once no call is in flight. */
  #onIdle: (() => void) | undefined;

  constructor(client: PolicyClient, settings: CallPolicySettings) {
    this.#client = client;
    this.#settings = settings;
    this.#breaker = settings.circuitBreaker === undefined ? undefined : new CircuitBreaker(settings.circuitBreaker, settings.clock, settings.onCircuit);
  }

  /** The breaker's state (`closed` when the breaker is off). */
  get circuitState(): CircuitState {
    return this.#breaker?.state ?? 'closed';
  }

  /** Closes the breaker (the connection is ready again). */
  connectionReady(): void {
    this.#breaker?.reset();
  }

  /**
   * The gate before a command: the breaker, then the offline-queue bound.
   * @throws ConnectionError when the command must not be sent
   */
  enter(operation: string, key: string | undefined): CallToken {
    const breaker = this.#breaker;
    const { tier } = this.#settings;
    if (breaker !== undefined && !breaker.allow()) {
      throw new ConnectionError(`${operation} skipped: the circuit is open after repeated Redis failures; it is probed again after resetTimeout`, {
        key,
        tier,
      });
    }
    let token: CallToken = 0;
    const client = this.#client;
    if (client.status !== 'ready') {
      const limit = this.#settings.offlineQueue;
      if (this.#offline >= limit) {
        breaker?.failure();
        throw new ConnectionError(`${operation} failed: Redis is not connected (${client.status}) and the offline queue (${limit}) is full`, { key, tier });
      }
      this.#offline++;
      token = 1;
    }
    // A command alone on the wire gains nothing from ioredis' auto-pipelining, which defers
    // it by one event-loop turn (setImmediate): send it at once, and pipeline only while
    // others are in flight. Order is kept: a command is sent directly only when none of
    // ours is pending in a pipeline.
    if (this.#settings.adaptivePipelining) client.options.enableAutoPipelining = this.#inFlight > 0;
    this.#inFlight++;
    return token;
  }

  /** The call's deadline around `command` (which the caller issued right after `enter()`). */
  timed<T>(command: Promise<T>): Promise<T> {
    return settleWithin(command, this.#settings.commandTimeout, timeoutMarker);
  }

  /** Calls entered and not yet settled. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves once every call entered so far has settled (each within its deadline). */
  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    const previous = this.#onIdle;
    return new Promise<void>((resolve) => {
      this.#onIdle = () => {
        previous?.();
        resolve();
      };
    });
  }

  /** Bookkeeping after a command got an answer. */
  succeeded(token: CallToken): void {
    this.#leave(token);
    this.#breaker?.success();
  }

  /** Bookkeeping after a command failed; returns the typed error. */
  rejected(token: CallToken, error: unknown, operation: string, key: string | undefined): CacheError {
    this.#leave(token);
    const failure = this.translate(error, operation, key);
    if (isOutage(failure)) this.#breaker?.failure();
    else this.#breaker?.success();
    return failure;
  }

  /** Runs `run` under the policy; `run` is called only when the gate lets the command through. */
  call<T>(operation: string, key: string | undefined, run: () => Promise<T>): Promise<T> {
    let token: CallToken;
    let pending: Promise<T>;
    try {
      token = this.enter(operation, key);
    } catch (error) {
      return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
    try {
      pending = this.timed(run());
    } catch (error) {
      pending = Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
    return pending.then(
      (value) => {
        this.succeeded(token);
        return value;
      },
      (error: unknown) => {
        throw this.rejected(token, error, operation, key);
      },
    );
  }

  /** Wraps what ioredis threw as a typed CacheError. */
  translate(error: unknown, operation: string, key: string | undefined): CacheError {
    return translateError(error, operation, key, this.#settings.tier, this.#settings.commandTimeout);
  }

  #leave(token: CallToken): void {
    if (token === 1) this.#offline--;
    if (--this.#inFlight === 0 && this.#onIdle !== undefined) {
      const idle = this.#onIdle;
      this.#onIdle = undefined;
      idle();
    }
  }
}

/** What `timed()` rejects with at the deadline; `translate()` turns it into a TimeoutError naming the call. */
function timeoutMarker(): Error {
  return new Error('Command timed out');
}

/**
 * The package's one deadline: settles like `pending`, or rejects with
 * `onTimeout()` once `ms` have passed. A late answer is dropped.
 *
 * At the deadline the rejection waits for the rest of that event-loop turn
 * (`setImmediate`): a reply that already sits in the socket — the event loop
 * was busy when the timer came due — is read in the turn's poll phase and
 * wins, so a command the server ran in time is not reported as failed.
 */
export function settleWithin<T>(pending: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const expire = () => {
      if (settled) return;
      settled = true;
      reject(onTimeout());
    };
    const timer = setTimeout(() => setImmediate(expire), ms);
    timer.unref();
    pending.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
      },
    );
  });
}
