import { FakeClock } from '@cache/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type DemoSnapshot } from '../src/index.js';
import { eventually, memoryConfig } from './support.js';

let demo: DemoServer | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

async function start(clock?: FakeClock, loadRate = 0): Promise<DemoServer> {
  demo = await startDemoServer(memoryConfig({ loadRate }), clock);
  return demo;
}

async function getJson(url: string): Promise<{ status: number; cache: string | null; body: any }> {
  const res = await fetch(url);
  return { status: res.status, cache: res.headers.get('x-cache'), body: await res.json() };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('the demo service on the embedded default (memory levels, no Redis)', () => {
  it('loads a user from the database once, then serves it from the cache', async () => {
    const { url, database } = await start();
    const first = await getJson(`${url}/api/users/123`);
    expect(first).toEqual({ status: 200, cache: 'miss', body: { id: 123, name: 'John', email: 'john@example.com' } });
    const second = await getJson(`${url}/api/users/123`);
    expect(second).toMatchObject({ status: 200, cache: 'hit', body: first.body });
    expect(database.queries).toBe(1);
    const product = await getJson(`${url}/api/products/456`);
    expect(product.body).toEqual({ id: 456, name: 'Widget', price: 29.99 });
  });

  it('reports per-level hits, database queries and latency in /api/stats', async () => {
    const { url } = await start();
    for (let i = 0; i < 3; i++) await fetch(`${url}/api/users/7`);
    const { body } = (await getJson(`${url}/api/stats`)) as { body: DemoSnapshot };
    expect(body.levels.map((l) => [l.name, l.kind])).toEqual([
      ['L1_Memory', 'memory'],
      ['L2_Memory', 'memory'],
    ]);
    expect(body.levels[0]!.hits).toBe(2);
    expect(body.totals).toMatchObject({ gets: 3, hits: 2, misses: 1, loads: 1 });
    expect(body.totals.hitRatio).toBeCloseTo(2 / 3);
    expect(body.database).toMatchObject({ up: true, queries: 1, failures: 0 });
    expect(body.latency.count).toBe(3);
    expect(body.latency.p99).toBeGreaterThan(0);
  });

  it('serves a stale value while the database is down, within the grace period', async () => {
    const clock = new FakeClock(Date.now());
    const { url, database } = await start(clock);
    expect((await getJson(`${url}/api/users/5`)).cache).toBe('miss');
    clock.advance(31_000); // past the 30 s TTL, within the 10 min grace
    expect((await postJson(`${url}/api/database`, { up: false })).body).toEqual({ up: false });
    const stale = await getJson(`${url}/api/users/5`);
    expect(stale.status).toBe(200);
    expect(stale.body.id).toBe(5);
    expect(database.failures).toBe(1);
    const { body } = (await getJson(`${url}/api/stats`)) as { body: DemoSnapshot };
    expect(body.totals.stale).toBe(1);
    // A key that was never cached has nothing stale to serve.
    const missing = await getJson(`${url}/api/users/6`);
    expect(missing.status).toBe(503);
    expect(missing.body.error).toMatch(/database is down/);
  });

  it('drops a key on DELETE, so the next read goes to the database', async () => {
    const { url, database } = await start();
    await fetch(`${url}/api/products/9`);
    const res = await fetch(`${url}/api/products/9`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ deleted: true });
    expect((await getJson(`${url}/api/products/9`)).cache).toBe('miss');
    expect(database.queries).toBe(2);
  });

  it('answers bad requests with a JSON error that says what to send', async () => {
    const { url } = await start();
    expect(await getJson(`${url}/api/users/abc`)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/ids are integers/) } });
    expect(await getJson(`${url}/api/users/-1`)).toMatchObject({ status: 400 });
    expect(await getJson(`${url}/nowhere`)).toMatchObject({ status: 404, body: { error: expect.stringMatching(/no route/) } });
    expect(await postJson(`${url}/api/load`, { rate: 'fast' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/rate/) } });
    expect(await postJson(`${url}/api/load`, { rate: -5 })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/between 0 and 100000/) } });
    expect(await postJson(`${url}/api/database`, { up: 'yes' })).toMatchObject({ status: 400 });
    const put = await fetch(`${url}/api/users/1`, { method: 'PUT' });
    expect(put.status).toBe(405);
    const notJson = await fetch(`${url}/api/load`, { method: 'POST', body: 'rate=5' });
    expect(notJson.status).toBe(400);
  });

  it('runs the built-in load when asked, and stops it', async () => {
    const { url, load } = await start();
    expect(load.running).toBe(false);
    expect((await postJson(`${url}/api/load`, { rate: 500 })).body).toEqual({ running: true, rate: 500 });
    await eventually(() => load.counters.succeeded >= 20);
    expect((await postJson(`${url}/api/load`, { rate: 0 })).body).toEqual({ running: false, rate: 0 });
    const { body } = (await getJson(`${url}/api/stats`)) as { body: DemoSnapshot };
    expect(body.totals.gets).toBeGreaterThanOrEqual(20);
    expect(body.load.failed).toBe(0);
  });

  it('serves Prometheus text with the cache and each level', async () => {
    const { url } = await start();
    await fetch(`${url}/api/users/1`);
    await fetch(`${url}/api/users/1`);
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^cache_hits_total\{cache="demo"\} 1$/m);
    expect(text).toMatch(/^cache_hits_total\{cache="demo",level="L1_Memory"\} 1$/m);
    expect(text).toMatch(/^# TYPE cache_hits_total counter$/m);
  });

  it('streams snapshots to the dashboard over server-sent events', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
    const snapshot = JSON.parse(text.slice('data: '.length, text.indexOf('\n\n'))) as DemoSnapshot;
    expect(snapshot.levels).toHaveLength(2);
    await reader.cancel();
  });

  it('serves the dashboard page', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<title>@cache demo</title>');
    expect(html).toContain("new EventSource('/events')");
  });

  it('closes everything: the port stops answering', async () => {
    const server = await start(undefined, 1000);
    await server.close();
    await server.close(); // idempotent
    demo = undefined;
    await expect(fetch(`${server.url}/api/stats`)).rejects.toThrow();
  });
});
