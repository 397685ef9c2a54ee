/**
 * The `node:diagnostics_channel` that instrumented tiers publish on. Nothing
 * is built or published unless the channel has subscribers.
 * @module
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Operation, Outcome } from './operations.js';

/** Name of the channel every instrumented tier publishes its operations on (prefixed with the module name, as Node recommends). */
export const OPERATION_CHANNEL = '@cache/stats:operation';

/** The message published on {@link OPERATION_CHANNEL} after each timed operation. */
export interface OperationEvent {
  /** The tier's name (`tier.name`). */
  tier: string;
  operation: Operation;
  outcome: Outcome;
  /** How long the operation took, in milliseconds. */
  duration: number;
  /** Keys (or entries) the operation was about: 1 for single-key operations, 0 for `clear`. */
  keys: number;
  /** The key, only when instrumented with `includeKeys: true`. */
  key?: string;
  /** What the operation threw, when `outcome` is `error`. */
  error?: unknown;
}

/** The channel object (shared by every copy of this package in the process). */
export const operationChannel = diagnosticsChannel.channel(OPERATION_CHANNEL);

/**
 * Calls `listener` with every operation any instrumented tier performs from
 * now on; returns a function that unsubscribes.
 */
export function subscribeOperations(listener: (event: OperationEvent) => void): () => void {
  const onMessage = (message: unknown) => listener(message as OperationEvent);
  diagnosticsChannel.subscribe(OPERATION_CHANNEL, onMessage);
  return () => {
    diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, onMessage);
  };
}
