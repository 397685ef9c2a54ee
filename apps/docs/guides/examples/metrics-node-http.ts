// Prints the /metrics body it serves (the docs test checks it with a strict
// text-format 0.0.4 parser).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryCache } from '@cache/memory';
import { collect, instrument } from '@cache/stats';

const sessions = instrument(new MemoryCache<string>({ maxEntries: 1_000, name: 'sessions' }).asAsync());
await sessions.set('s:1', 'Ada');
await sessions.get('s:1');

// By hand with collect(): any framework sets the header and sends the body its own way.
// (createMetricsHandler(collector) is this, plus 404/405 handling, ready-made for node:http.)
const server = createServer((request, response) => {
  if (request.url !== '/metrics') return void response.writeHead(404).end();
  collect({ cache: 'sessions', stats: sessions.stats(), latencies: sessions.latencies() }).then(
    ({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType }).end(body),
    () => response.writeHead(500).end(),
  );
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
assert.equal(response.status, 200);
process.stdout.write(await response.text());
await new Promise((resolve) => server.close(resolve));
