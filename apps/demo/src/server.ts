/**
 * The demo's HTTP service: JSON reads of users and products through the
 * tiered cache (`getOrSet` over the simulated database), the live dashboard,
 * server-sent stats, Prometheus `/metrics`, and switches for the built-in
 * load and the database.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@cache/core';
import { Histogram, PROMETHEUS_CONTENT_TYPE, toPrometheus, type MetricsSource } from '@cache/stats';
import { createDemoCache, type DemoCache } from './cache.js';
import type { DemoConfig } from './config.js';
import { DASHBOARD_HTML } from './dashboard.js';
import { Database } from './database.js';
import { LoadGenerator } from './load.js';
import { snapshot, type DemoSnapshot, type RateSample } from './snapshot.js';

/** A running demo. */
export interface DemoServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly server: Server;
  readonly demo: DemoCache;
  readonly database: Database;
  readonly load: LoadGenerator;
  /** The figures the dashboard shows, now. */
  snapshot(): DemoSnapshot;
  /** Stops the load, the event streams, the server and the cache. */
  close(): Promise<void>;
}

/** How often the dashboard's event stream sends a snapshot. */
export const EVENT_INTERVAL_MS = 1000;
const MAX_BODY = 4096;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the demo on `config.host:config.port` (port 0: a free one); `clock` drives the TTLs (tests). */
export async function startDemoServer(config: DemoConfig, clock?: Clock): Promise<DemoServer> {
  const demo = await createDemoCache(config, clock);
  const { cache } = demo;
  const database = new Database({ latencyMs: config.databaseLatencyMs });
  const latency = new Histogram();
  let last: RateSample = { time: Date.now(), gets: 0 };

  async function read(kind: 'users' | 'products', id: number): Promise<{ value: unknown; loaded: boolean }> {
    const start = performance.now();
    let loaded = false;
    try {
      const value = await cache.getOrSet(kind === 'users' ? `user:${id}` : `product:${id}`, () => {
        loaded = true;
        return kind === 'users' ? database.user(id) : database.product(id);
      });
      return { value, loaded };
    } finally {
      latency.record(Math.max(1, Math.round((performance.now() - start) * 1e6)));
    }
  }

  const load = new LoadGenerator((id) => read(id % 2 === 0 ? 'users' : 'products', id), { rate: config.loadRate });
  const takeSnapshot = () => {
    const now = snapshot({ demo, database, load, latency, last });
    last = { time: now.time, gets: now.totals.gets };
    return now;
  };
  const streams = new Set<ServerResponse>();
  const ticker = setInterval(() => {
    if (streams.size === 0) return;
    const data = `data: ${JSON.stringify(takeSnapshot())}\n\n`;
    for (const stream of streams) stream.write(data);
  }, EVENT_INTERVAL_MS);
  ticker.unref();

  const metrics = (): string => {
    const levels = cache.levelStats();
    const sources: MetricsSource[] = [{ cache: 'demo', stats: cache.stats() }];
    for (const level of levels) if (level.stats !== undefined) sources.push({ cache: 'demo', level: level.name, stats: level.stats });
    return toPrometheus(sources);
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/' && method === 'GET') return send(res, 200, DASHBOARD_HTML, 'text/html; charset=utf-8');
    if (path === '/api/stats' && method === 'GET') return json(res, 200, takeSnapshot());
    if (path === '/metrics' && method === 'GET') return send(res, 200, metrics(), PROMETHEUS_CONTENT_TYPE);
    if (path === '/events' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify(takeSnapshot())}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const item = /^\/api\/(users|products)\/([^/]+)$/.exec(path);
    if (item !== null) {
      const kind = item[1] as 'users' | 'products';
      const id = parseId(item[2]!);
      if (method === 'GET') {
        const { value, loaded } = await read(kind, id);
        res.setHeader('x-cache', loaded ? 'miss' : 'hit');
        return json(res, 200, value);
      }
      if (method === 'DELETE') return json(res, 200, { deleted: await cache.delete(kind === 'users' ? `user:${id}` : `product:${id}`) });
      throw new HttpError(405, `${method} is not allowed on ${path}; use GET or DELETE`);
    }
    if (path === '/api/load' && method === 'POST') {
      const body = await readJson(req);
      if (typeof body.rate !== 'number') throw new HttpError(400, 'send {"rate": <reads per second, 0 stops>}');
      try {
        load.start(body.rate);
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
      return json(res, 200, { running: load.running, rate: load.rate });
    }
    if (path === '/api/database' && method === 'POST') {
      const body = await readJson(req);
      if (typeof body.up !== 'boolean') throw new HttpError(400, 'send {"up": true} or {"up": false}');
      database.setUp(body.up);
      return json(res, 200, { up: database.up });
    }
    throw new HttpError(404, `no route for ${method} ${path}; try GET /, /api/users/123, /api/stats, /metrics`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 503;
      if (!res.headersSent) json(res, status, { error: (error as Error).message });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (error: unknown) => {
    clearInterval(ticker);
    await demo.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  load.start();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}`,
    server,
    demo,
    database,
    load,
    snapshot: takeSnapshot,
    close() {
      closing ??= (async () => {
        load.stop();
        clearInterval(ticker);
        for (const stream of streams) stream.end();
        streams.clear();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await demo.close();
      })();
      return closing;
    },
  };
}

function parseId(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || !Number.isSafeInteger(id)) throw new HttpError(400, `ids are integers from 0 to 999999999 (got ${JSON.stringify(decodeURIComponent(raw))})`);
  return id;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) throw new HttpError(413, `request bodies are at most ${MAX_BODY} bytes`);
  }
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'the body must be a JSON object');
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}
