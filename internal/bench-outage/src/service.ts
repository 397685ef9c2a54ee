/**
 * One instance of the HTTP service under test (a child process):
 *
 * - `GET /item/:id` → `getOrSet('item:<id>', loader)`; the loader reads the
 *   item from the database (20 ms). Answers `{ id, v }` (the version held).
 * - `POST /item/:id?w=<write id>` → the database bumps the item's version
 *   (20 ms; the write id goes with it, for the oracle), then
 *   the cache is updated: `set` of the new item (even versions) or `delete`
 *   (odd versions). Answers `{ id, v }`, or 500 `{ id, v, error }` when the
 *   cache update threw (the database has the new version all the same).
 *
 * Any failure is a 500. The process counts unhandled rejections and uncaught
 * exceptions (and keeps serving) and reports them to the parent.
 * @module
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openCache, type Item } from './caches.js';
import { jobOf, serveParent } from './children.js';
import { call, keepAliveAgent, portOf } from './http-client.js';
import type { ServiceJob, ServiceReport } from './plan.js';

const job = jobOf<ServiceJob>();
const report: ServiceReport = { unhandledRejections: 0, uncaughtExceptions: 0, failedResponses: 0, errorSamples: [], counters: {} };
const sample = (what: string, error: unknown) => {
  const text = `${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`.slice(0, 300);
  if (report.errorSamples.length < 8 && !report.errorSamples.includes(text)) report.errorSamples.push(text);
};
process.on('unhandledRejection', (reason) => {
  report.unhandledRejections++;
  sample('unhandled rejection', reason);
});
process.on('uncaughtException', (error) => {
  report.uncaughtExceptions++;
  sample('uncaught exception', error);
});

const agent = keepAliveAgent();
const databasePort = portOf(job.databaseUrl);
/** The database's answer timeout: far above its 20 ms. */
const DATABASE_TIMEOUT_MS = 10_000;
const PAYLOAD = 'x'.repeat(400);

async function database(method: 'GET' | 'POST', id: number, query = ''): Promise<Item> {
  const answer = await call(agent, databasePort, method, `/item/${id}${query}`, DATABASE_TIMEOUT_MS);
  if (answer.status !== 200) throw new Error(`database answered ${answer.status}: ${answer.body}`);
  const { v } = JSON.parse(answer.body) as { v: number };
  return { id, v, name: `item ${id}`, payload: PAYLOAD };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const cache = await openCache(job.library, job.redisUrl, job.ttlMs);

async function handle(method: string | undefined, id: number, query: string, res: ServerResponse): Promise<void> {
  const key = `item:${id}`;
  if (method !== 'POST') {
    const item = await cache.getOrSet(key, () => database('GET', id));
    return reply(res, 200, { id, v: item.v });
  }
  const item = await database('POST', id, query);
  try {
    await (item.v % 2 === 0 ? cache.set(key, item) : cache.delete(key));
  } catch (error) {
    report.failedResponses++;
    sample(item.v % 2 === 0 ? 'set' : 'delete', error);
    return reply(res, 500, { id, v: item.v, error: String(error) });
  }
  reply(res, 200, { id, v: item.v });
}

const server = createServer((req, res) => {
  req.resume();
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const id = path.startsWith('/item/') ? Number(path.slice(6)) : NaN;
  if (!Number.isInteger(id) || id < 0) return reply(res, 404, { error: `no route ${url}` });
  handle(req.method, id, queryAt < 0 ? '' : url.slice(queryAt), res).catch((error: unknown) => {
    report.failedResponses++;
    sample(req.method === 'POST' ? 'write' : 'getOrSet', error);
    if (!res.headersSent) reply(res, 500, { error: String(error) });
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  serveParent({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { report: () => ({ ...report, counters: cache.counters() }) });
});
