import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snapshotOf, ZERO_COUNTERS } from '@cache/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsHandler, PROMETHEUS_CONTENT_TYPE, type MetricsCollector } from '../src/index.js';
import { parseExposition } from '@cache/test-support/exposition';

let collect: MetricsCollector = () => ({ cache: 'users', stats: snapshotOf({ ...ZERO_COUNTERS, hits: 7 }, 1, 0, 0) });
const errors: unknown[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(createMetricsHandler(() => collect(), { onError: (e) => errors.push(e) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

describe('createMetricsHandler on a real http server', () => {
  it('serves the Prometheus text at /metrics', async () => {
    const response = await fetch(`${base}/metrics?x=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    const families = parseExposition(await response.text());
    expect(families.find((f) => f.name === 'cache_hits_total')?.samples[0]).toEqual({ name: 'cache_hits_total', labels: { cache: 'users' }, value: 7 });
  });

  it('serves text a collector rendered itself, and answers HEAD without a body', async () => {
    collect = async () => '# TYPE x counter\nx 1\n';
    expect(await (await fetch(`${base}/metrics`)).text()).toBe('# TYPE x counter\nx 1\n');
    const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('answers 404 elsewhere and 405 for other methods', async () => {
    expect((await fetch(`${base}/other`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('answers 500 without details when collecting fails, and hands the error to onError', async () => {
    collect = () => {
      throw new Error('secret detail');
    };
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
    expect((errors.at(-1) as Error).message).toBe('secret detail');
  });

  it('rejects bad options at construction', () => {
    expect(() => createMetricsHandler(() => '', { path: 'metrics' })).toThrow(expect.objectContaining({ option: 'path' }));
    expect(() => createMetricsHandler('x' as never)).toThrow(expect.objectContaining({ option: 'collect' }));
  });
});
