import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports that belong to someone else's services on shared machines: never hand them out. */
const FORBIDDEN = new Set([6379, 11211, 16379, 21211]);
/** Ports already handed out by this process (a port is never handed out twice in one process). */
const handedOut = new Set<number>();

const LOWEST = 10_000;
/** Cluster nodes listen on port + 10000 as well (the cluster bus). */
export const CLUSTER_BUS_OFFSET = 10_000;

/** First port of the kernel's ephemeral range: random ports below it never collide with outgoing connections. */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    if (Number.isInteger(value) && value > 0) return value;
  } catch {
    // not Linux: use the IANA default
  }
  return 49_152;
}

function randomInt(min: number, maxExclusive: number): number {
  return min + Math.floor(Math.random() * (maxExclusive - min));
}

/** Whether 127.0.0.1:port can be bound right now. */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

async function pick(min: number, maxExclusive: number, withBus: boolean): Promise<number> {
  const taken = (port: number) => FORBIDDEN.has(port) || handedOut.has(port);
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = randomInt(min, maxExclusive);
    const busPort = port + CLUSTER_BUS_OFFSET;
    if (taken(port) || (withBus && taken(busPort))) continue;
    if (!(await canBind(port))) continue;
    if (withBus && !(await canBind(busPort))) continue;
    // re-check after the awaits: a concurrent call in this process may have taken it meanwhile
    if (taken(port) || (withBus && taken(busPort))) continue;
    handedOut.add(port);
    if (withBus) handedOut.add(busPort);
    return port;
  }
  throw new Error(`no free port found on 127.0.0.1 in ${min}..${maxExclusive - 1}`);
}

/**
 * A random port that is free on 127.0.0.1 (below the kernel's ephemeral range when possible),
 * never 6379/11211, never one this process handed out before.
 * There is always a race between this check and the real bind: callers retry.
 */
export function freePort(): Promise<number> {
  const ephemeral = ephemeralRangeStart();
  const max = ephemeral - LOWEST >= 2_000 ? ephemeral : 55_535;
  return pick(LOWEST, max, false);
}

/**
 * A random port for a cluster node: the port and its bus port (port + 10000) are both free,
 * the port is < 55535, and neither was handed out before by this process
 * (so the ports of one cluster never collide with each other's bus ports).
 */
export function freeClusterPort(): Promise<number> {
  const ephemeral = ephemeralRangeStart();
  const belowEphemeral = Math.min(ephemeral, 55_535) - CLUSTER_BUS_OFFSET;
  const max = belowEphemeral - LOWEST >= 2_000 ? belowEphemeral : 55_535;
  return pick(LOWEST, max, true);
}
