/**
 * The failure policy around every command of a remote tier: the circuit
 * breaker gate, the offline bound (how many calls may wait while the client
 * is not connected), the deadline ({@link settleWithin}), the count of calls
 * in flight (what `close()` waits for) and error translation.
 *
 * The deadline starts when the call is made — not when the client gets
 * round to writing the command — and holds whatever the client's own
 * settings are. At most once: a call that rejected (deadline included) is
 * reported failed, and the tier must make sure it cannot take effect later
 * (no offline re-send; see {@link WriteFence} for writes a server may still
 * hold).
 *
 * Hot operations call {@link CallPolicy.enter} before issuing a command,
 * {@link CallPolicy.timed} around it and {@link CallPolicy.succeeded} /
 * {@link CallPolicy.rejected} after awaiting it, which costs no closure per
 * call; {@link CallPolicy.call} wraps the four for the rest.
 * @module
 */
import type { Clock } from '../clock.js';
import { ConnectionError, type CacheError } from '../errors.js';
import { CircuitBreaker, type CircuitBreakerSettings, type CircuitState } from './circuit-breaker.js';
import { settleWithin } from './settle-within.js';
import { DEADLINE_MESSAGE, isOutage, translateError, type ErrorVocabulary } from './translate.js';

/** What the policy reads of the client: its `status`, `'ready'` while connected. */
export interface RemoteClient {
  readonly status: string;
}

/** Settings of a {@link CallPolicy}. */
export interface CallPolicySettings {
  /** Tier name, for errors. */
  tier: string;
  /** Every call settles within this time (ms). */
  commandTimeout: number;
  /** Calls allowed to wait while the client is not connected (0: fail at once). */
  offlineQueue: number;
  /** The breaker, or undefined when off. */
  circuitBreaker: CircuitBreakerSettings | undefined;
  /** What the client's errors look like (see {@link translateError}). */
  vocabulary: ErrorVocabulary;
  /** Time for the breaker. */
  clock: Clock;
  /** Called when the breaker changes state. */
  onCircuit: (state: CircuitState) => void;
}

/** A token from {@link CallPolicy.enter}: 1 when the call waits for the connection (it counts against `offlineQueue`). */
export type CallToken = 0 | 1;

/** The failure policy of one remote tier (see the module doc). */
export class CallPolicy {
  readonly #client: RemoteClient;
  readonly #settings: CallPolicySettings;
  readonly #breaker: CircuitBreaker | undefined;
  #inFlight = 0;
  #offline = 0;
  /** Resolves `drained()` once no call is in flight. */
  #onIdle: (() => void) | undefined;

  constructor(client: RemoteClient, settings: CallPolicySettings) {
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
   * The gate before a command: the breaker, then the offline bound.
   * @throws ConnectionError when the command must not be sent
   */
  enter(operation: string, key: string | undefined): CallToken {
    const breaker = this.#breaker;
    const { tier } = this.#settings;
    if (breaker !== undefined && !breaker.allow()) {
      throw new ConnectionError(
        `${operation} skipped: the circuit is open after repeated ${this.#settings.vocabulary.backend} failures; it is probed again after resetTimeout`,
        { key, tier },
      );
    }
    let token: CallToken = 0;
    const client = this.#client;
    if (client.status !== 'ready') {
      const limit = this.#settings.offlineQueue;
      if (this.#offline >= limit) {
        breaker?.failure();
        throw new ConnectionError(`${operation} failed: ${this.#settings.vocabulary.backend} is not connected (${client.status}) and the offline queue (${limit}) is full`, { key, tier });
      }
      this.#offline++;
      token = 1;
    }
    this.#inFlight++;
    return token;
  }

  /** The call's deadline around `command` (which the caller issued right after `enter()`). */
  timed<T>(command: Promise<T>): Promise<T> {
    return settleWithin(command, this.#settings.commandTimeout, deadlineMarker);
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

  /** Wraps what the client threw as a typed CacheError (see {@link translateError}). */
  translate(error: unknown, operation: string, key: string | undefined): CacheError {
    const { tier, commandTimeout, vocabulary } = this.#settings;
    return translateError(error, operation, key, tier, commandTimeout, vocabulary);
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
function deadlineMarker(): Error {
  return new Error(DEADLINE_MESSAGE);
}
