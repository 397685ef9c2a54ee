/**
 * A circuit breaker without timers (Nygard, "Release It!", ch. 5): after
 * `failureThreshold` consecutive failures it opens and calls fail fast; once
 * `resetTimeout` has passed, one call is let through as a probe (half-open):
 * its success closes the circuit, its failure opens it for another
 * `resetTimeout`. Time is read from the injected clock on each call, so an
 * idle breaker holds no timer.
 * @module
 */
import type { Clock } from '../clock.js';
import type { CircuitState } from '../tiered-stats.js';

export type { CircuitState };

/** Breaker settings, validated. */
export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Milliseconds the circuit stays open before a probe is let through. */
  resetTimeout: number;
}

/** Called when the state changes. */
export type CircuitListener = (state: CircuitState) => void;

/** The breaker of a remote tier: {@link CircuitBreaker.allow} before a call, {@link CircuitBreaker.success} / {@link CircuitBreaker.failure} after it. */
export class CircuitBreaker {
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  readonly #settings: CircuitBreakerSettings;
  readonly #clock: Clock;
  readonly #onChange: CircuitListener;

  constructor(settings: CircuitBreakerSettings, clock: Clock, onChange: CircuitListener) {
    this.#settings = settings;
    this.#clock = clock;
    this.#onChange = onChange;
  }

  /** The current state (`open` turns into `half-open` only when a call asks). */
  get state(): CircuitState {
    return this.#state;
  }

  /**
   * Whether a call may go to the backend now. In the open state, the first
   * call after `resetTimeout` becomes the probe and is allowed.
   */
  allow(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#probing) return false;
    if (this.#state === 'open' && this.#clock.now() - this.#openedAt < this.#settings.resetTimeout) return false;
    this.#probing = true;
    this.#set('half-open');
    return true;
  }

  /** A call reached the backend and got an answer. */
  success(): void {
    this.#failures = 0;
    if (this.#state !== 'closed') {
      this.#probing = false;
      this.#set('closed');
    }
  }

  /** A call failed because the backend was unreachable or too slow. */
  failure(): void {
    if (this.#state === 'half-open') {
      this.#open();
      return;
    }
    if (this.#state === 'closed' && ++this.#failures >= this.#settings.failureThreshold) this.#open();
  }

  /** Closes the circuit (e.g. the connection became ready again). */
  reset(): void {
    this.success();
  }

  #open(): void {
    this.#probing = false;
    this.#openedAt = this.#clock.now();
    this.#failures = 0;
    this.#set('open');
  }

  #set(state: CircuitState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#onChange(state);
  }
}
