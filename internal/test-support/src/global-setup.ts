/**
 * Vitest globalSetup: starts one standalone redis-server for the project and provides its URL
 * as `inject('redisUrl')`. Teardown stops it. See README.md for the wiring.
 */
import type { TestProject } from 'vitest/node';
import { cleanupOrphans } from './orphans.js';
import { startRedisServer } from './redis-server.js';
import './vitest-context.js';

export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  await cleanupOrphans();
  const server = await startRedisServer();
  project.provide('redisUrl', server.url);
  return async () => {
    await server.stop();
  };
}
