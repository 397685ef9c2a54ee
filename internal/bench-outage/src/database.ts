/**
 * The simulated database (a child process): `GET /item/:id` answers the
 * item's current version after `databaseMs`, `POST /item/:id?w=<write id>`
 * bumps it after `databaseMs` and records the commit (id, version, time,
 * write id). The commit log is the version oracle the load generator checks
 * reads against (`GET /commits`); reads are counted per time bucket: they
 * are the services' loader calls. Each run's `start` call resets it.
 * @module
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jobOf, serveParent } from './children.js';
import { bucketOf, now } from './clock.js';
import type { DatabaseReport } from './plan.js';

/** What the parent passes to the database process. */
export interface DatabaseJob {
  keys: number;
  databaseMs: number;
}

/** One commit: [id, version, epoch ms, write id (the load generator's)]. */
export type Commit = [number, number, number, number];

const job = jobOf<DatabaseJob>();
const versions = new Int32Array(job.keys);
const commits: Commit[] = [];
const readsPerBucket: number[] = [];
let warmupReads = 0;
let writes = 0;
let t0 = Infinity;
let bucketMs = 1000;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  req.resume();
  const [url = '', query = ''] = (req.url ?? '').split('?');
  if (url === '/commits') return reply(res, 200, commits);
  const id = url.startsWith('/item/') ? Number(url.slice(6)) : NaN;
  if (!(Number.isInteger(id) && id >= 0 && id < job.keys)) return reply(res, 404, { error: `no item ${url}` });
  const write = req.method === 'POST';
  if (!write) {
    const bucket = bucketOf(now(), t0, bucketMs);
    if (bucket < 0) warmupReads++;
    else readsPerBucket[bucket] = (readsPerBucket[bucket] ?? 0) + 1;
  }
  setTimeout(() => {
    if (!write) return reply(res, 200, { id, v: versions[id] });
    const v = ++versions[id]!;
    writes++;
    commits.push([id, v, now(), Number(new URLSearchParams(query).get('w') ?? -1)]);
    reply(res, 200, { id, v });
  }, job.databaseMs);
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  serveParent(
    { port: (server.address() as AddressInfo).port },
    {
      // a new run: every item back to version 0, counters and log emptied
      start: (body) => {
        ({ t0, bucketMs } = body as { t0: number; bucketMs: number });
        versions.fill(0);
        commits.length = 0;
        readsPerBucket.length = 0;
        warmupReads = 0;
        writes = 0;
      },
      report: (): DatabaseReport => ({ readsPerBucket: Array.from(readsPerBucket, (n) => n ?? 0), warmupReads, writes }),
    },
  );
});
