/**
 * Transitional: `bus.ts` imports its connection helpers from here until it
 * moves to `bus/` (they live in `tier/connection.ts`). Remove at that merge.
 * @module
 */
export { addressOf, closeClient, whenConnected } from './tier/connection.js';
