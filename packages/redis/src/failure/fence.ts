/**
 * The write fence: what makes "a call reported as failed never takes effect
 * later" hold when the tier no longer controls the bytes it sent.
 *
 * Why a fence: a write can outlive its caller's deadline in two places the
 * client cannot reach — ioredis' offline queue (re-sent on reconnect) and
 * the socket buffer of a hung server (a SIGSTOPped redis-server executes
 * what it buffered when it continues; tearing the connection down with a TCP
 * RST does not stop that: measured, see the README). So every write runs
 * inside a small Lua script that first compares the server's own clock
 * (`TIME`) with the write's deadline, expressed in server time, and refuses
 * it (`FENCED`, read as TimeoutError) once that deadline has passed.
 *
 * The deadline in server time comes from core's `WriteFence`
 * (`@cache/core/remote`), calibrated with `TIME` on every (re)connect
 * ({@link calibrateFence}); this file holds the Redis half: the scripts.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import type { WriteFence } from '@cache/core/remote';

const CHECK = `local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then
  return redis.error_reply('FENCED the deadline of this write passed before Redis ran it')
end
`;

/** One write on KEYS[1]: ARGV[2] is the command, ARGV[3..] its arguments after the key. */
const WRITE = `${CHECK}return redis.call(ARGV[2], KEYS[1], unpack(ARGV, 3))`;
/**
 * INCRBY or INCRBYFLOAT (ARGV[2]) by ARGV[3]; returns the new value as Redis
 * stores it, a string: an integer reply near 2^53 reaches JavaScript
 * rounded (ioredis' decoder computes `n * 10 + byte - 48`, whose middle
 * step passes 2^53), a string converts exactly.
 */
const INCREMENT = `${CHECK}redis.call(ARGV[2], KEYS[1], ARGV[3])
return redis.call('GET', KEYS[1])`;
/** SET per key: ARGV[2i] the value, ARGV[2i+1] the PX milliseconds ('0': no expiry). */
const SET_MANY = `${CHECK}for i = 1, #KEYS do
  local px = ARGV[2 * i + 1]
  if px == '0' then redis.call('SET', KEYS[i], ARGV[2 * i]) else redis.call('SET', KEYS[i], ARGV[2 * i], 'PX', px) end
end
return #KEYS`;
/** UNLINK of every key; returns how many existed. */
const UNLINK_MANY = `${CHECK}local n = 0
for i = 1, #KEYS do n = n + redis.call('UNLINK', KEYS[i]) end
return n`;

/** An argument of a fenced command. */
export type FencedArgument = string | Buffer | number;

/** The fenced commands a client gets from {@link defineFencedCommands} (ioredis `defineCommand`; also on its pipelines). */
export interface FencedCommands {
  /** `cacheFencedWrite(key, deadline, command, ...args)`: one write on `key`. */
  cacheFencedWrite(key: string, deadline: number, command: string, ...args: FencedArgument[]): Promise<unknown>;
  /** `cacheFencedIncrement(key, deadline, 'INCRBY' | 'INCRBYFLOAT', by)`: resolves the new value as a string. */
  cacheFencedIncrement(key: string, deadline: number, command: 'INCRBY' | 'INCRBYFLOAT', by: number): Promise<string>;
  /** `cacheFencedSetMany(n, ...keys, deadline, value1, px1, value2, px2, ...)`. */
  cacheFencedSetMany(...args: FencedArgument[]): Promise<number>;
  /** `cacheFencedUnlink(n, ...keys, deadline)`: resolves how many keys existed. */
  cacheFencedUnlink(...args: FencedArgument[]): Promise<number>;
}

/** A client with the fenced commands defined. */
export type FencedClient<C> = C & FencedCommands;

/** Defines the fenced commands on `client` (idempotent) and returns it typed with them. */
export function defineFencedCommands<C extends Redis | Cluster>(client: C): FencedClient<C> {
  const fenced = client as FencedClient<C>;
  if (typeof fenced.cacheFencedWrite !== 'function') {
    client.defineCommand('cacheFencedWrite', { numberOfKeys: 1, lua: WRITE });
    client.defineCommand('cacheFencedIncrement', { numberOfKeys: 1, lua: INCREMENT });
    client.defineCommand('cacheFencedSetMany', { lua: SET_MANY });
    client.defineCommand('cacheFencedUnlink', { lua: UNLINK_MANY });
    // a Cluster's auto-pipelining routes a command by its first argument, which for these
    // two is the number of keys: send them on their own (they are batches already)
    if (client.isCluster) {
      const options = client.options as { autoPipeliningIgnoredCommands?: string[] };
      options.autoPipeliningIgnoredCommands = [...(options.autoPipeliningIgnoredCommands ?? []), 'cacheFencedSetMany', 'cacheFencedUnlink'];
    }
  }
  return fenced;
}

/** Calibrates `fence` with the server's clock (`TIME`); never rejects. Called on every (re)connect. */
export function calibrateFence(fence: WriteFence, client: Redis | Cluster): Promise<void> {
  return fence.calibrate(() => client.time().then(serverMs));
}

/** `TIME`'s reply (seconds, microseconds) as ms since the epoch. */
function serverMs(reply: unknown): number {
  const [seconds, micros] = reply as [string, string];
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
