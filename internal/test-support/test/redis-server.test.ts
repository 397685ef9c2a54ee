import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  freePort,
  RedisNotInstalledError,
  redisCommand,
  RedisStartError,
  startRedisCluster,
  startRedisServer,
  type RedisServerHandle,
} from '../src/index.js';
import { canBind, isGone } from './helpers.js';

const started: RedisServerHandle[] = [];
async function start(options?: Parameters<typeof startRedisServer>[0]): Promise<RedisServerHandle> {
  const server = await startRedisServer(options);
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('startRedisServer', () => {
  it('starts a server that answers PING, and stop() frees the port and ends the process', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect([6379, 11211]).not.toContain(server.port);
    const pid = server.pid;
    expect(pid).toBeTypeOf('number');

    expect(await redisCommand(server.port, ['PING'])).toBe('PONG');
    // an independent client agrees
    expect(execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(server.port), 'PING'], { encoding: 'utf8' }).trim()).toBe('PONG');
    expect(await redisCommand(server.port, ['CONFIG', 'GET', 'bind'])).toEqual(['bind', '127.0.0.1']);
    expect(await redisCommand(server.port, ['CONFIG', 'GET', 'save'])).toEqual(['save', '']);
    expect(await redisCommand(server.port, ['CONFIG', 'GET', 'appendonly'])).toEqual(['appendonly', 'no']);
    expect(await canBind(server.port)).toBe(false);

    await server.stop();
    expect(server.pid).toBeUndefined();
    expect(isGone(pid!)).toBe(true);
    expect(await canBind(server.port)).toBe(true);
    await server.stop(); // idempotent
  });

  it('kill() crashes the server and restart() brings it back on the same port', async () => {
    const server = await start();
    const { port } = server;
    const firstPid = server.pid!;
    await redisCommand(port, ['SET', 'k', 'v']);

    await server.kill();
    expect(server.pid).toBeUndefined();
    expect(isGone(firstPid)).toBe(true);
    await expect(redisCommand(port, ['PING'])).rejects.toThrow();

    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).toBeTypeOf('number');
    expect(server.pid).not.toBe(firstPid);
    expect(await redisCommand(port, ['PING'])).toBe('PONG');
    expect(await redisCommand(port, ['GET', 'k'])).toBeNull(); // no persistence

    // restart() of a running server and after stop() work too
    const secondPid = server.pid!;
    await server.restart();
    expect(isGone(secondPid)).toBe(true);
    await server.stop();
    await server.restart();
    expect(await redisCommand(port, ['PING'])).toBe('PONG');
  });

  it('pause() hangs the server with its connections open, resume() continues it, stop() ends a paused one', async () => {
    const server = await start();
    server.pause();
    await expect(redisCommand(server.port, ['PING'], { timeoutMs: 300 })).rejects.toThrow();
    expect(await canBind(server.port)).toBe(false); // still listening, just not answering
    server.resume();
    expect(await redisCommand(server.port, ['PING'])).toBe('PONG');

    const pid = server.pid!;
    server.pause();
    await server.stop(); // SIGTERM reaches a stopped process only once it is continued
    expect(isGone(pid)).toBe(true);
  });

  it('gives concurrently started servers different ports', async () => {
    const servers = await Promise.all([start(), start(), start()]);
    const ports = new Set(servers.map((server) => server.port));
    expect(ports.size).toBe(3);
    for (const server of servers) expect(await redisCommand(server.port, ['PING'])).toBe('PONG');
  });

  it('supports a password and extra args', async () => {
    const server = await start({ password: 'p@ss word', args: ['--maxmemory', '12mb'] });
    expect(server.url).toBe(`redis://:p%40ss%20word@127.0.0.1:${server.port}`);
    await expect(redisCommand(server.port, ['PING'])).rejects.toThrow(/NOAUTH/);
    expect(await redisCommand(server.port, ['PING'], { password: 'p@ss word' })).toBe('PONG');
    expect(await redisCommand(server.port, ['CONFIG', 'GET', 'maxmemory'], { password: 'p@ss word' })).toEqual([
      'maxmemory',
      String(12 * 1024 * 1024),
    ]);
  });

  it('fails with the server log when redis-server cannot start', async () => {
    const error = await startRedisServer({ args: ['--no-such-option', 'x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisStartError);
    expect((error as Error).message).toMatch(/exited during startup/);
    expect((error as Error).message).toMatch(/no-such-option/);
  });

  it('reports portInUse when a fixed port is taken', async () => {
    const port = await freePort();
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port }, resolve));
    try {
      const error = await startRedisServer({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisStartError);
      expect((error as RedisStartError).portInUse).toBe(true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses the ports of other services', async () => {
    await expect(startRedisServer({ port: 6379 })).rejects.toThrow(/reserved/);
  });

  it('throws RedisNotInstalledError when REDIS_SERVER_BIN points nowhere', async () => {
    const previous = process.env.REDIS_SERVER_BIN;
    process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
    try {
      const error = await startRedisServer().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisNotInstalledError);
      expect((error as Error).message).toBe(
        'redis-server not found (looked for REDIS_SERVER_BIN or redis-server on PATH). Install it: apt-get install -y redis-server',
      );
      await expect(startRedisCluster()).rejects.toBeInstanceOf(RedisNotInstalledError);
    } finally {
      if (previous === undefined) delete process.env.REDIS_SERVER_BIN;
      else process.env.REDIS_SERVER_BIN = previous;
    }
  });
});
