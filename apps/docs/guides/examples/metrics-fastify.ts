// Prints the /metrics body it serves (the docs test checks it with a strict
// text-format 0.0.4 parser).
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';
import { collect, instrument, multilevelSources } from '@cache/stats';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// Instrumented levels add latency histograms; the RedisCache keeps its own members (circuitState…).
const l1 = instrument(new MemoryCache<unknown>({ maxEntries: 10_000, name: 'l1' }).asAsync());
const redis = instrument(new RedisCache<unknown>({ url, prefix: 'docs:metrics', name: 'redis', commandTimeout: '200ms' }));
const bus = new RedisInvalidationBus({ url });
const users = new MultiLevelCache<{ name: string }>({ name: 'users', bus, defaultTtl: '5m', levels: [{ name: 'l1', tier: l1 }, { name: 'redis', tier: redis }] });
await users.ready();

const app = Fastify();
app.get<{ Params: { id: string } }>('/users/:id', (request) => users.getOrSet(`user:${request.params.id}`, () => ({ name: `user ${request.params.id}` })));
app.get('/metrics', async (_request, reply) => {
  const { contentType, body } = await collect(() => multilevelSources(users, { tiers: { l1, redis }, bus }));
  return reply.type(contentType).send(body);
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
await fetch(`${address}/users/1`); // a load
await fetch(`${address}/users/1`); // an L1 hit
const response = await fetch(`${address}/metrics`);
assert.equal(response.status, 200);
assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
const text = await response.text();
assert.match(text, /^cache_loads_total\{cache="users"\} 1$/m);
assert.match(text, /^cache_circuit_state\{cache="users",level="redis",state="closed"\} 1$/m);
assert.match(text, /^cache_bus_subscribed\{cache="users"\} 1$/m);
process.stdout.write(text);

await app.close();
await users.clear();
await users.close(); // closes the levels
await bus.close();
