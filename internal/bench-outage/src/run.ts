/**
 * One run: a fresh redis-server (not for the baseline) and two fresh
 * service instances sharing it, the database and the load generator of the
 * rig; the fault is applied by this (parent) process on the shared
 * timeline, and every child's figures are collected at the end.
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

/**
 * The processes every run shares: the database (reset by each run's
 * `start`) and the load generator (fresh connections and the same seeded
 * stream in each run). Started once: fewer processes to start per run.
 */
export interface Rig {
  readonly database: Child<{ port: number }>;
  readonly load: Child<unknown>;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** Starts the database and the load generator. */
export async function openRig(plan: Plan, seed: number): Promise<Rig> {
  const database = await startChild<{ port: number }>(script('database'), { keys: plan.keys, databaseMs: plan.databaseMs } satisfies DatabaseJob, 'database');
  const databaseUrl = `http://127.0.0.1:${database.ready.port}`;
  try {
    const load = await startChild<unknown>(script('load'), { databaseUrl, plan, seed } satisfies LoadJob, 'load generator');
    return { database, load, databaseUrl, close: () => Promise.all([database.stop(), load.stop()]).then(() => undefined) };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/** Runs `library` through `scenario` (undefined: the baseline, no Redis, no fault) with fresh services and a fresh redis-server. */
export async function runOnce(rig: Rig, library: Library, scenario: Scenario | undefined, plan: Plan): Promise<RunOutcome> {
  const server = library === BASELINE ? undefined : await startRedisServer();
  const services: Child<{ url: string }>[] = [];
  try {
    const started = await Promise.allSettled(
      INSTANCES.map((instance) => {
        const job: ServiceJob = { library, ...(server && { redisUrl: server.url }), databaseUrl: rig.databaseUrl, instance, ttlMs: plan.ttlMs };
        return startChild<{ url: string }>(script('service'), job, `${library} service ${instance}`);
      }),
    );
    for (const result of started) if (result.status === 'fulfilled') services.push(result.value); // in INSTANCES order
    const failed = started.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;

    const t0 = now() + plan.warmupMs;
    await rig.database.call('start', { t0, bucketMs: plan.bucketMs });
    const running = rig.load.call<LoadResult>('run', { t0, targets: services.map((s) => s.ready.url) });
    running.catch(() => undefined); // awaited below, after the fault
    const fault = scenario !== undefined && server !== undefined ? await hurt(server, scenario, plan, t0) : undefined;
    const result = await running;
    return {
      library,
      scenario,
      load: result,
      database: await rig.database.call<DatabaseReport>('report'),
      services: await Promise.all(services.map((s) => s.call<ServiceReport>('report'))),
      fault,
    };
  } finally {
    await Promise.all(services.map((child) => child.stop()));
    await server?.stop();
  }
}
