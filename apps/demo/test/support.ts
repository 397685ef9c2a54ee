import '@cache/test-support/vitest-context';
import type { DemoConfig } from '../src/index.js';

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
