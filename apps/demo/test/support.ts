import '@cache/test-support/vitest-context';
import { afterEach } from 'vitest';
import { startDemoServer, type DemoConfig, type DemoServer, type DemoSnapshot } from '../src/index.js';

/** The embedded default (memory levels) on a free port, no background load, a fast database. */
export function memoryConfig(overrides: Partial<DemoConfig> = {}): DemoConfig {
  return { host: '127.0.0.1', port: 0, redisUrl: undefined, clusterNodes: [], memcachedServers: [], databaseLatencyMs: 1, loadRate: 0, ...overrides };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Registers an afterEach hook that closes the demo servers started during
 * the test; returns the function that starts one (with `memoryConfig(overrides)`).
 */
export function demoServers(): (overrides: Partial<DemoConfig>) => Promise<DemoServer> {
  const servers: DemoServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (overrides) => {
    const server = await startDemoServer(memoryConfig(overrides));
    servers.push(server);
    return server;
  };
}

/** What `/api/stats` says. */
export async function statsOf(server: DemoServer): Promise<DemoSnapshot> {
  return (await (await fetch(`${server.url}/api/stats`)).json()) as DemoSnapshot;
}
