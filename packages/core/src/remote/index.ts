/**
 * `@cache/core/remote`: the kit for remote tiers — the one home of the
 * failure behaviour every tier that talks to a server shares (Redis, Redis
 * Cluster, Memcached, and the invalidation bus and load lock beside them):
 *
 * - {@link settleWithin}: the one deadline (every timeout race uses it);
 * - {@link CallPolicy}: the gate before each command (circuit breaker,
 *   offline bound), the deadline around it, the calls in flight, and error
 *   translation;
 * - {@link CircuitBreaker}: the breaker itself, without timers;
 * - {@link translateError} / {@link isOutage}: a client's errors as core's
 *   typed errors, and which of them count as an outage;
 * - {@link WriteFence}: server-clock deadlines for writes (at most once);
 * - {@link TypedEmitter}: a tier's events, where an unheard `error` is dropped;
 * - {@link parseRemoteTierOptions}: the failure options every remote tier takes ({@link RemoteTierOptions}).
 *
 * No dependencies, no client library: a tier brings its client and its
 * error vocabulary. What is specific to one client (ioredis connection
 * settings, Redis' fence script) lives with that tier.
 * @module
 */
export { settleWithin } from './settle-within.js';
export { CallPolicy, type CallPolicySettings, type CallToken, type RemoteClient } from './call-policy.js';
export { CircuitBreaker, type CircuitState, type CircuitBreakerSettings, type CircuitListener } from './circuit-breaker.js';
export { translateError, isOutage, DEADLINE_MESSAGE, type ErrorVocabulary } from './translate.js';
export { WriteFence, FENCE_GUARD } from './write-fence.js';
export { TypedEmitter } from './typed-emitter.js';
export {
  parseRemoteTierOptions,
  integerOption,
  REMOTE_TIER_OPTIONS,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_OFFLINE_QUEUE,
  DEFAULT_FAILURE_THRESHOLD,
  DEFAULT_RESET_TIMEOUT,
  DEFAULT_MAX_RECONNECT_DELAY,
  type RemoteTierOptions,
  type ResolvedRemoteTierOptions,
  type CircuitBreakerOptions,
  type ErrorMode,
} from './options.js';
