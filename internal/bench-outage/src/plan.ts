/**
 * What `pnpm bench:outage` runs, for whom, for how long, and the messages
 * its processes exchange. Shared by the parent (cli.ts) and the children
 * (database.ts, service.ts, load.ts).
 * @module
 */

/** The faults, in table order. */
export const SCENARIOS = ['kill', 'stop'] as const;
/**
 * `kill`: redis-server SIGKILLed, restarted empty on the same port later.
 * `stop`: redis-server SIGSTOPped (hung: connections stay open, nothing
 * answers), then SIGCONTed.
 */
export type Scenario = (typeof SCENARIOS)[number];

/** The baseline: the same service with one in-process level and no Redis. */
export const BASELINE = 'memory-only';
/** The libraries under test, each memory L1 + Redis L2 + bus (see caches.ts). */
export const LIBRARIES = ['@cache/multilevel', 'bentocache'] as const;
/** One of {@link LIBRARIES}, or the baseline. */
export type Library = (typeof LIBRARIES)[number] | typeof BASELINE;

/** The phases of a run (JSON `phase`); `second` rows carry one bucket each. */
export const PHASES = ['before', 'during', 'after', 'total'] as const;
/** One of {@link PHASES}, or `second`. */
export type Phase = (typeof PHASES)[number] | 'second';

/** Sizes and timeline of a run; `--quick` shrinks them. */
export interface Plan {
  /** Distinct item ids (keys), drawn Zipf-distributed. */
  keys: number;
  /** Zipf skew. */
  zipfExponent: number;
  /** Requests in flight from the load generator (one process, keep-alive). */
  concurrency: number;
  /** Fraction of requests that are writes (`POST /item/:id`). */
  writeFraction: number;
  /** The simulated database's latency for a read or a write, ms. */
  databaseMs: number;
  /** TTL of every cache write, ms (longer than a run: nothing expires). */
  ttlMs: number;
  /** Load before the measured timeline starts (not recorded), ms. */
  warmupMs: number;
  /** The measured timeline, ms. */
  durationMs: number;
  /** Width of one time bucket (a table row), ms. */
  bucketMs: number;
  /** When the fault starts, ms into the timeline (a bucket boundary). */
  faultAtMs: number;
  /** kill: when redis-server is restarted, ms into the timeline. */
  restartAtMs: number;
  /** stop: how long redis-server stays SIGSTOPped, ms. */
  stopForMs: number;
  /** The "after" phase starts this long after Redis is back, ms. */
  settleMs: number;
  /** A request not answered within this is an error (and counted at this latency), ms. */
  requestTimeoutMs: number;
  /** A read is stale only against database versions older than this at the time it was sent, ms (see README). */
  staleGraceMs: number;
}

/** The full run: 20 s per scenario and library. */
export const FULL: Plan = {
  keys: 2000,
  zipfExponent: 0.99,
  concurrency: 50,
  writeFraction: 0.02,
  databaseMs: 20,
  ttlMs: 10 * 60_000,
  warmupMs: 3000,
  durationMs: 20_000,
  bucketMs: 1000,
  faultAtMs: 5000,
  restartAtMs: 12_000,
  stopForMs: 3000,
  settleMs: 2000,
  requestTimeoutMs: 2000,
  staleGraceMs: 250,
};

/** `--quick`: a smoke test of every part, not a measurement. */
export const QUICK: Plan = {
  ...FULL,
  warmupMs: 500,
  durationMs: 3000,
  bucketMs: 500,
  faultAtMs: 1000,
  restartAtMs: 2000,
  stopForMs: 1000,
  settleMs: 500,
};

/** When Redis was hurt and when it was back, ms into the timeline. */
export interface FaultTimes {
  faultAt: number;
  returnAt: number;
}

/** The planned fault times of `scenario` (a baseline run is cut into phases with these). */
export function plannedFault(scenario: Scenario, plan: Plan): FaultTimes {
  return { faultAt: plan.faultAtMs, returnAt: scenario === 'kill' ? plan.restartAtMs : plan.faultAtMs + plan.stopForMs };
}

/** What the parent passes to a service process (argv JSON). */
export interface ServiceJob {
  library: Library;
  /** The shared redis-server (absent for the baseline). */
  redisUrl?: string;
  /** The simulated database. */
  databaseUrl: string;
  /** Instance name (a, b): for messages only. */
  instance: string;
  ttlMs: number;
}

/** What the parent passes to the load generator (the services' URLs come with its `run` call). */
export interface LoadJob {
  databaseUrl: string;
  plan: Plan;
  seed: number;
}

/** One time bucket as the load generator saw it (by completion time). */
export interface LoadBucket {
  /** Requests answered 2xx. */
  ok: number;
  /** Requests answered otherwise, failed, or timed out. */
  errors: number;
  /** Successful reads whose version was stale (see README). */
  stale: number;
  /** Sparse latency histogram of every completed request: [index, count] pairs. */
  latency: [number, number][];
}

/** The load generator's result. */
export interface LoadResult {
  buckets: LoadBucket[];
  /** A few distinct error messages, for the log. */
  errorSamples: string[];
}

/** The database's report. */
export interface DatabaseReport {
  /** Reads (loader calls) per bucket of the timeline. */
  readsPerBucket: number[];
  /** Reads before the timeline (warm-up). */
  warmupReads: number;
  writes: number;
}

/** A service's report. */
export interface ServiceReport {
  unhandledRejections: number;
  uncaughtExceptions: number;
  /** Responses with a 5xx status. */
  failedResponses: number;
  /** A few distinct failure messages. */
  errorSamples: string[];
  /** The cache library's own counters at the end (for the log). */
  counters: Record<string, number>;
}

/** One JSON row of `--json FILE`. */
export interface BenchRow {
  scenario: Scenario;
  library: Library;
  phase: Phase;
  /** `second` rows: the bucket's start, s into the timeline. */
  second?: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  loaderCalls: number;
  staleReads?: number;
  /** `after` rows: s from Redis's return to the end of the first bucket back at ≥ 0.8× the before phase's req/s. */
  recoverS?: number;
  /** `total` rows: unhandled rejections (and uncaught exceptions) the service processes reported. */
  unhandledRejections?: number;
}
