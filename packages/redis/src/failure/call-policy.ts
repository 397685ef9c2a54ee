/**
 * The failure policy around every backend command: the circuit breaker gate,
 * the offline-queue bound, the tier's own timeout for clients that have
 * none, adaptive auto-pipelining, and translation of what ioredis throws.
 *
 * Hot operations call `enter()` before issuing a command and `succeeded()` /
 * `rejected()` after awaiting it, which costs no promise of its own; `call()`
 * wraps the three for the rest.
 * @module
 */
import { ConnectionError, TimeoutError, type CacheError, type Clock } from '@cache/core';
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
  /** The command timeout (ms), for error messages and the own timeout. */
  commandTimeout: number;
  /** Whether the tier must time commands out itself (the client has no commandTimeout). */
  ownTimeout: boolean;
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

  /** The tier's own timeout around `command`, for clients without `commandTimeout`. */
  timed<T>(command: Promise<T>): Promise<T> {
    return this.#settings.ownTimeout ? withTimeout(command, this.#settings.commandTimeout) : command;
  }

  /** Bookkeeping after a command got an answer. */
  succeeded(token: CallToken): void {
    this.#inFlight--;
    if (token === 1) this.#offline--;
    this.#breaker?.success();
  }

  /** Bookkeeping after a command failed; returns the typed error. */
  rejected(token: CallToken, error: unknown, operation: string, key: string | undefined): CacheError {
    this.#inFlight--;
    if (token === 1) this.#offline--;
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
}

/** Rejects with TimeoutError when `promise` has not settled after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`command did not complete within ${ms} ms`, ms)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
      },
    );
  });
}
