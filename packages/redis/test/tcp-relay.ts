/**
 * A loopback TCP relay in front of a real server, for network faults that a
 * signal to the server cannot make: `freeze()` stops forwarding in both
 * directions without closing anything (a path that drops packets, for the
 * clients behind this relay only), `thaw()` forwards again, what was held
 * included. Not a mock: the server behind it is real.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpRelay {
  /** `redis://127.0.0.1:<relay port>` */
  readonly url: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port that forwards to `port` on 127.0.0.1. */
export async function startTcpRelay(port: number): Promise<TcpRelay> {
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (!to.destroyed) to.write(chunk);
    });
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    forward(client, upstream);
    forward(upstream, client);
    if (frozen) pair.forEach((socket) => socket.pause());
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay: no port');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    freeze() {
      frozen = true;
      for (const pair of pairs) pair.forEach((socket) => socket.pause());
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) pair.forEach((socket) => socket.resume());
    },
    async close() {
      for (const pair of pairs) pair.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
