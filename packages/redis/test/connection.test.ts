import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer, type RedisServerHandle } from '@cache/test-support';
import { ErrorCode } from '@cache/core';
import { RedisCache } from '../src/index.js';
import { redisUrl, uniquePrefix } from './helpers.js';

describe('connecting', () => {
  let secured: RedisServerHandle;
  beforeAll(async () => {
    secured = await startRedisServer({ password: 's3cret' });
    const admin = new Redis(secured.port, '127.0.0.1', { password: 's3cret' });
    await admin.call('ACL', 'SETUSER', 'app', 'on', '>app-pass', '~*', '&*', '+@all');
    await admin.quit();
  });
  afterAll(() => secured.stop());

  it('by URL with a password', async () => {
    const cache = new RedisCache({ url: `redis://:s3cret@127.0.0.1:${secured.port}`, prefix: uniquePrefix() });
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    await cache.close();
  });

  it('by URL with an ACL username and password', async () => {
    const cache = new RedisCache({ url: `redis://app:app-pass@127.0.0.1:${secured.port}`, prefix: uniquePrefix() });
    await cache.set('k', 'acl');
    expect(await cache.get('k')).toBe('acl');
    expect(await cache.client.call('ACL', 'WHOAMI')).toBe('app');
    await cache.close();
  });

  it('a wrong password fails with a typed error within the timeout, not a hang', async () => {
    const cache = new RedisCache({ url: `redis://:wrong@127.0.0.1:${secured.port}`, prefix: uniquePrefix(), commandTimeout: 300 });
    const error = await cache.get('k').catch((e: unknown) => e);
    expect([ErrorCode.Connection, ErrorCode.Timeout]).toContain((error as { code: string }).code);
    await cache.close();
  });

  it('by URL with a database number', async () => {
    const prefix = uniquePrefix();
    const cache = new RedisCache({ url: `${redisUrl()}/3`, prefix });
    await cache.set('k', 'in db 3');
    const raw = new Redis(`${redisUrl()}/3`);
    expect(await raw.exists(`${prefix}:k`)).toBe(1);
    await raw.select(0);
    expect(await raw.exists(`${prefix}:k`)).toBe(0);
    await raw.quit();
    await cache.close();
  });

  it('by ioredis options', async () => {
    const { port } = new URL(redisUrl());
    const cache = new RedisCache({ redis: { host: '127.0.0.1', port: Number(port), db: 2 }, prefix: uniquePrefix() });
    await cache.set('k', [1]);
    expect(await cache.get('k')).toEqual([1]);
    expect(cache.client.options.db).toBe(2);
    await cache.close();
  });

  it('with a client the user owns: close() leaves it open and removes the tier’s listeners', async () => {
    const client = new Redis(redisUrl());
    const listeners = () => client.listenerCount('error') + client.listenerCount('ready') + client.listenerCount('close');
    const before = listeners();
    const cache = new RedisCache({ client, prefix: uniquePrefix() });
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    await cache.close();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    expect(listeners()).toBe(before);
    await client.quit();
  });

  it('a user client without commandTimeout still times out at the tier’s commandTimeout', async () => {
    // DEBUG SLEEP stalls the whole server: use this file's own server, not the shared one
    const url = `redis://:s3cret@127.0.0.1:${secured.port}`;
    const client = new Redis(url);
    const cache = new RedisCache({ client, prefix: uniquePrefix(), commandTimeout: 200, circuitBreaker: false });
    const blocker = new Redis(url);
    const blocked = blocker.call('DEBUG', 'SLEEP', '0.6').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const error = await cache.get('k').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.Timeout, timeoutMs: 200 });
    await blocked;
    await cache.close();
    await Promise.all([client.quit(), blocker.quit()]);
  });

  it('close() resolves twice and closes an owned connection', async () => {
    const cache = new RedisCache({ url: redisUrl(), prefix: uniquePrefix() });
    await cache.set('k', 1);
    await cache.close();
    await cache.close();
    expect(cache.client.status).toBe('end');
  });

  it('by rediss:// URL (TLS)', async () => {
    const dir = fileURLToPath(new URL('./tls/', import.meta.url));
    const tlsPort = await freePort();
    const server = await startRedisServer({
      args: ['--tls-port', String(tlsPort), '--tls-cert-file', `${dir}cert.pem`, '--tls-key-file', `${dir}key.pem`, '--tls-auth-clients', 'no'],
    });
    try {
      const cache = new RedisCache({
        url: `rediss://127.0.0.1:${tlsPort}`,
        redis: { tls: { ca: readFileSync(`${dir}cert.pem`) } },
        prefix: uniquePrefix(),
      });
      await cache.set('k', { over: 'tls' });
      expect(await cache.get('k')).toEqual({ over: 'tls' });
      expect(cache.client.stream.constructor.name).toBe('TLSSocket');
      await cache.close();
    } finally {
      await server.stop();
    }
  });
});
