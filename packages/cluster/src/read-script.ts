/**
 * One read per node instead of one per slot.
 *
 * Design note: Redis Cluster refuses a multi-key command whose keys hash to
 * different slots (CROSSSLOT) even when one node serves all of them, so a
 * slot-grouped `getMany` of 100 keys spread over all slots is ~100 MGETs of
 * one key each — no cheaper than 100 GETs. Redis 7 scripts may declare the
 * `allow-cross-slot-keys` flag ("Script flags", https://redis.io/docs/latest/develop/interact/programmability/eval-intro/),
 * which lets one script read keys of many slots as long as the node it runs
 * on serves them all. So `getMany` sends one EVALSHA per node with that
 * node's keys (grouped by the slot map), and the server answers for all of
 * them at once.
 *
 * Safety: a key the node does not serve (its slot moved, the node was
 * demoted in a failover, a slot is migrating) makes the script fail with an
 * error — never a silent miss — and the caller then reads those keys with
 * slot-grouped MGET pipelines, which follow MOVED/ASK. The script is
 * read-only (`no-writes`), so it also runs on replicas (`readFrom: 'replica'`).
 * On servers before 7.0 (no script flags) the first call fails to compile and
 * the tier stops using the script.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * GETs every ARGV key. Any error aborts the script — a key this node does
 * not serve, or a key holding another type (WRONGTYPE) — and the caller
 * re-reads that node's keys with MGETs, which return nil for other types.
 */
export const READ_SCRIPT = `#!lua flags=no-writes,allow-cross-slot-keys
local out = {}
for i = 1, #ARGV do
  out[i] = redis.call('GET', ARGV[i])
end
return out`;

/** SHA1 of {@link READ_SCRIPT}, for EVALSHA. */
export const READ_SCRIPT_SHA = createHash('sha1').update(READ_SCRIPT).digest('hex');

/** Keys per script call: bounds how long one call holds the node. */
export const MAX_SCRIPT_KEYS = 500;

/** Reads `keys` (all served by `node`) in one script call; loads the script on NOSCRIPT. */
export async function readOnNode(node: Redis, keys: readonly string[]): Promise<(Buffer | null)[]> {
  try {
    return (await node.callBuffer('EVALSHA', READ_SCRIPT_SHA, 0, ...keys)) as (Buffer | null)[];
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return (await node.callBuffer('EVAL', READ_SCRIPT, 0, ...keys)) as (Buffer | null)[];
  }
}

/** Whether `error` says the server cannot run the script at all (Redis before 7.0, scripting disabled). */
export function scriptUnsupported(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /compiling script|unexpected symbol|Unknown lua shebang|unknown command|NOPERM|not allowed/i.test(message);
}
