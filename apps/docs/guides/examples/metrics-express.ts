// Prints the /metrics body it serves (the docs test checks it with a strict
// text-format 0.0.4 parser).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { collect, instrument, multilevelSources } from '@cache/stats';

const l1 = instrument(new MemoryCache<unknown>({ maxEntries: 10_000, name: 'l1' }).asAsync());
const users = new MultiLevelCache<string>({ name: 'users', levels: [{ name: 'l1', tier: l1 }] });
await users.getOrSet('user:1', () => 'Ada');

const app = express();
app.get('/metrics', (_request, response, next) => {
  collect(() => multilevelSources(users, { tiers: { l1 } })).then(({ contentType, body }) => response.type(contentType).send(body), next);
});

const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
process.stdout.write(await response.text());

await new Promise((resolve) => server.close(resolve));
await users.close();
