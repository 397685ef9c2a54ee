/**
 * The Redis tier's failure policy: core's remote-tier {@link CallPolicy}
 * (breaker, offline bound, deadline, calls in flight, error translation)
 * with Redis' error vocabulary, plus adaptive auto-pipelining — the one
 * ioredis-specific step of the gate.
 *
 * The deadline is the kit's (`settleWithin` in `@cache/core/remote`): it starts when the call is
 * made — not when ioredis gets round to writing the command (an
 * auto-pipelined command waits for the previous pipeline, so an ioredis
 * `commandTimeout` could fire at 2× the timeout) — and it holds for clients
 * the user owns as well.
 * @module
 */
import { CallPolicy, type CallPolicySettings, type CallToken } from '@cache/core/remote';
import { REDIS_ERRORS } from './translate.js';

/** What the policy needs to know about the client. */
export interface PolicyClient {
  readonly status: string;
  readonly options: { enableAutoPipelining?: boolean | undefined };
}

/** Settings of a {@link RedisCallPolicy}: core's, with Redis' error vocabulary filled in. */
export interface RedisCallPolicySettings extends Omit<CallPolicySettings, 'vocabulary'> {
  /** Toggle the client's auto-pipelining per command (owned clients with autoPipelining on). */
  adaptivePipelining: boolean;
}

/** core's call policy for an ioredis client. */
export class RedisCallPolicy extends CallPolicy {
  readonly #client: PolicyClient;
  readonly #adaptive: boolean;

  constructor(client: PolicyClient, settings: RedisCallPolicySettings) {
    super(client, { ...settings, vocabulary: REDIS_ERRORS });
    this.#client = client;
    this.#adaptive = settings.adaptivePipelining;
  }

  /**
   * core's gate; then, with adaptive pipelining: a command alone on the wire
   * gains nothing from ioredis' auto-pipelining, which defers it by one
   * event-loop turn (setImmediate), so it is sent at once, and pipelined
   * only while others are in flight. Order is kept: a command is sent
   * directly only when none of ours is pending in a pipeline.
   */
  override enter(operation: string, key: string | undefined): CallToken {
    const token = super.enter(operation, key);
    if (this.#adaptive) this.#client.options.enableAutoPipelining = this.inFlight > 1;
    return token;
  }
}
