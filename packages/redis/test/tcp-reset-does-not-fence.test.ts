/**
 * The measurement behind the write fence (README, "Failure behaviour"): a
 * client that gives up on a hung (SIGSTOPped) server cannot take back what it
 * already wrote. Neither a TCP RST (`socket.resetAndDestroy()`) nor a normal
 * close discards the bytes the server's kernel queued: once continued
 * (SIGCONT), redis-server runs the command. Only a check the server makes
 * when it runs the command (the fenced scripts) stops a late write.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { whilePaused } from '@cache/test-support';
import { sleep, uniquePrefix } from './helpers.js';

const own = useOwnRedisServer();
afterEach(() => own.server.resume());

const resp = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/**
 * One try: a SET written to the stopped server, the connection torn down
 * `how`, the server continued; the value the key then holds (polled up to
 * 2 s, since a continued server on a loaded machine may take a while to
 * reach the dead client's bytes), or null.
 */
async function lateWrite(how: string): Promise<string | null> {
  const key = uniquePrefix('rst');
  const socket = net.connect(own.server.port, own.server.host);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  await whilePaused(own.server, async () => {
    socket.write(resp('SET', key, 'late'));
    await sleep(100); // acknowledged by the server's kernel, not read by the stopped process
    if (how.startsWith('reset')) socket.resetAndDestroy();
    else socket.destroy();
    await sleep(100);
  });
  const raw = new Redis(own.server.url);
  try {
    let value: string | null = null;
    for (let i = 0; i < 80 && value === null; i++) {
      value = await raw.get(key);
      if (value === null) await sleep(25);
    }
    return value;
  } finally {
    raw.disconnect();
  }
}

describe('tearing the connection down does not stop a buffered write', () => {
  // What the fence relies on is that tearing down cannot be trusted to drop the write: the test asks
  // for one late write applied in up to three tries (one CI run in dozens saw a try where it was not).
  it.each(['resetAndDestroy (TCP RST)', 'destroy (FIN)'])('%s: the continued server still runs the SET', async (how) => {
    const seen: (string | null)[] = [];
    for (let attempt = 0; attempt < 3 && !seen.includes('late'); attempt++) seen.push(await lateWrite(how));
    expect(seen).toContain('late');
  });
});
