/**
 * Transitional: `bus-options.ts` imports its default from here until it
 * moves to `bus/` (the tier's options live in `tier/options.ts`). Remove at
 * that merge.
 * @module
 */
export { DEFAULT_CONNECT_TIMEOUT } from './tier/options.js';
