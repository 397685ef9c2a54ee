/**
 * One run: a fresh redis-server (not for the baseline), the database, two
 * service instances sharing Redis, the load generator; the fault is
 * applied by this (parent) process on the shared timeline, and every
 * child's figures are collected at the end.
 * @module
 */
import { startRedisServer, type RedisServerHandle } from '@cache/test-support';
import { startChild, type Child } from './children.js';
import { now, sleep } from './clock.js';
import type { DatabaseJob } from './database.js';
import { BASELINE, type DatabaseReport, type FaultTimes, type Library, type LoadJob, type LoadResult, type Plan, type Scenario, type ServiceJob, type ServiceReport } from './plan.js';

/** The service instances of a run: they share Redis, the bus and the database. */
export const INSTANCES = ['a', 'b'] as const;

/** What one run produced. */
export interface RunOutcome {
  library: Library;
  /** The fault applied; undefined for the baseline. */
  scenario: Scenario | undefined;
  load: LoadResult;
  database: DatabaseReport;
  services: ServiceReport[];
  /** When the fault happened and when Redis was back, ms into the timeline (as measured). */
  fault: FaultTimes | undefined;
}

const script = (name: string) => new URL(`./${name}.js`, import.meta.url);

async function until(at: number): Promise<void> {
  const wait = at - now();
  if (wait > 0) await sleep(wait);
}

/** Applies `scenario` to `server` on the timeline that starts at `t0`. */
async function hurt(server: RedisServerHandle, scenario: Scenario, plan: Plan, t0: number): Promise<FaultTimes> {
  await until(t0 + plan.faultAtMs);
  const faultAt = now() - t0;
  if (scenario === 'kill') {
    await server.kill();
    await until(t0 + plan.restartAtMs);
    await server.restart(); // resolves once the (empty) server answers PING
  } else {
    server.pause();
    await until(t0 + plan.faultAtMs + plan.stopForMs);
    server.resume();
  }
  return { faultAt, returnAt: now() - t0 };
}

/** Runs `library` through `scenario` (undefined: the baseline, no Redis, no fault). */
export async function runOnce(library: Library, scenario: Scenario | undefined, plan: Plan, seed: number): Promise<RunOutcome> {
  const server = library === BASELINE ? undefined : await startRedisServer();
  const children: Child<unknown>[] = [];
  const start = async <R>(name: string, job: unknown, label: string): Promise<Child<R>> => {
    const child = await startChild<R>(script(name), job, label);
    children.push(child);
    return child;
  };
  try {
    const database = await start<{ port: number }>('database', { keys: plan.keys, databaseMs: plan.databaseMs } satisfies DatabaseJob, 'database');
    const databaseUrl = `http://127.0.0.1:${database.ready.port}`;
    const [load, services] = await Promise.all([
      start<unknown>('load', { databaseUrl, plan, seed } satisfies LoadJob, 'load generator'),
      Promise.all(
        INSTANCES.map((instance) => {
          const job: ServiceJob = { library, ...(server && { redisUrl: server.url }), databaseUrl, instance, ttlMs: plan.ttlMs };
          return start<{ url: string }>('service', job, `${library} service ${instance}`);
        }),
      ),
    ]);

    const t0 = now() + plan.warmupMs;
    await database.call('start', { t0, bucketMs: plan.bucketMs });
    const running = load.call<LoadResult>('run', { t0, targets: services.map((s) => s.ready.url) });
    running.catch(() => undefined); // awaited below, after the fault
    const fault = scenario !== undefined && server !== undefined ? await hurt(server, scenario, plan, t0) : undefined;
    const result = await running;
    return {
      library,
      scenario,
      load: result,
      database: await database.call<DatabaseReport>('report'),
      services: await Promise.all(services.map((s) => s.call<ServiceReport>('report'))),
      fault,
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await server?.stop();
  }
}
