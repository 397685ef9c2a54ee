/**
 * `pnpm bench:multilevel`: @cache/multilevel (memory L1 + Redis L2) against
 * bentocache and cache-manager on one redis-server started through
 * @cache/test-support (or `REDIS_URL`), each library and scenario in a child
 * process of its own. Prints one table per scenario with ratios to
 * @cache/multilevel; `--json FILE` writes {@link BenchRow}s.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { checkNames, describeRevision, formatRate, formatTable, parseCommandLine, positiveInteger, runMain, runWorkerProcess, splitList, userPath } from '@cache/bench';
import { redisCommand, startRedisServer, type RedisServerHandle } from '@cache/test-support';
import { COMMAND_TIMEOUT_MS } from './libraries.js';
import { BASELINE, FULL, LIBRARIES, QUICK, SCENARIOS, librariesFor, type BenchRow, type Library, type Scenario, type Sizes, type WorkerJob, type WorkerResult } from './scenario.js';

const HELP = `Usage: pnpm bench:multilevel [options]

A memory L1 (bounded to ${FULL.l1Entries} entries, LRU) in front of a Redis L2 on one
redis-server, TTL ${FULL.ttlMs / 60_000} min, in @cache/multilevel, bentocache and cache-manager.
Scenarios:
  l1-hit               sequential awaited get of ${FULL.l1Keys} keys that are in L1 (${FULL.l1Reads / 1000}k reads a round)
  l2-hit               get over a cycle of ${FULL.l2Keys / 1000}k keys, only in Redis when read (LRU L1 of
                       ${FULL.l1Entries}): the promote path; ${FULL.l2Concurrency} reads in flight
  get-or-set-stampede  ${FULL.stampedeCallers} concurrent getOrSet of one missing key, ${FULL.loaderMs} ms loader,
                       over ${FULL.stampedeKeys} keys one after the other: loader calls and wall time
  redis-outage         redis-server killed; reads of L1 keys and Redis-only keys for
                       ${FULL.outageMs / 1000} s: errors thrown, hung calls (> ${FULL.deadlineMs} ms), latency; then
                       restart() and the time until a write reaches Redis again
The throughput scenarios run --passes times (alternating the library order)
and report each library's best pass; the stampede and outage run once.

  --json FILE          also write [{scenario, library, opsPerSec?, p50Ms?, p99Ms?, loaderCalls?, errors?, …}]
  --scenarios a,b      only these scenarios
  --libraries a,b      only these libraries (${LIBRARIES.join(', ')})
  --passes N           passes of l1-hit and l2-hit (default 3)
  --quick              small sizes and one pass: a smoke test, not a measurement
  -h, --help           this text

REDIS_URL=redis://… runs l1-hit, l2-hit and the stampede against that server
(under fresh prefixes); redis-outage always starts a server of its own.`;

/** Longest a worker may take before it is killed and reported as failed. */
const WORKER_TIMEOUT_MS = 180_000;

function runWorker(job: WorkerJob): WorkerResult {
  return runWorkerProcess<WorkerResult>(new URL('./worker.js', import.meta.url), job, { name: `${job.library} / ${job.scenario}`, timeoutMs: WORKER_TIMEOUT_MS });
}

const slug = (library: Library) => library.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
const ms = (value: number | undefined) => (value === undefined ? '' : value < 1 ? value.toFixed(3) : value.toFixed(1));
const times = (value: number | undefined, base: number | undefined) => (value === undefined || base === undefined || base === 0 ? '' : `${(value / base).toFixed(2)}×`);

function report(scenario: Scenario, rows: readonly BenchRow[], sizes: Sizes): string {
  const base = rows.find((row) => row.library === BASELINE);
  const right = new Set([1, 2, 3, 4, 5, 6, 7]);
  switch (scenario) {
    case 'l1-hit':
    case 'l2-hit':
      return [
        scenario === 'l1-hit'
          ? `l1-hit: sequential get of ${sizes.l1Keys} keys held in L1, reads/s (best pass; median of ${sizes.rounds} rounds of ${sizes.l1Reads} reads)`
          : `l2-hit: get over a cycle of ${sizes.l2Keys} keys, L1 miss → Redis hit (+ promotion), ${sizes.l2Concurrency} in flight, reads/s (best pass)`,
        formatTable(
          ['library', 'reads/s', `× ${BASELINE}`, 'misses'],
          rows.map((row) => [row.library, formatRate(row.opsPerSec ?? 0), times(row.opsPerSec, base?.opsPerSec), String(row.misses ?? 0)]),
          right,
        ),
        ...(scenario === 'l2-hit' && rows.some((row) => row.library === 'cache-manager')
          ? ["note: cache-manager's get does not copy an L2 hit into L1 (only wrap does), so its row is an L1 miss + one Redis GET, without the promotion"]
          : []),
      ].join('\n');
    case 'get-or-set-stampede':
      return [
        `get-or-set-stampede: ${sizes.stampedeCallers} concurrent getOrSet per missing key, ${sizes.loaderMs} ms loader, ${sizes.stampedeKeys} keys (ideal: ${sizes.stampedeKeys} loader calls)`,
        formatTable(
          ['library', 'loader calls', 'p50 ms/key', 'p99 ms/key', 'callers/s', `× ${BASELINE}`, 'errors', 'wrong values'],
          rows.map((row) => [
            row.library,
            String(row.loaderCalls ?? ''),
            ms(row.p50Ms),
            ms(row.p99Ms),
            formatRate(row.opsPerSec ?? 0),
            times(row.opsPerSec, base?.opsPerSec),
            String(row.errors ?? 0),
            String(row.misses ?? 0),
          ]),
          right,
        ),
      ].join('\n');
    case 'redis-outage':
      return [
        `redis-outage: redis-server killed, ${sizes.outageMs} ms of reads alternating L1-held and Redis-only keys, ${sizes.outageConcurrency} loops; hung = not settled in ${sizes.deadlineMs} ms (counted at ${sizes.deadlineMs} ms in p99)`,
        formatTable(
          ['library', 'reads', 'errors thrown', 'hung', 'p50 ms', 'p99 ms', 'L1 keys served', 'write after restart'],
          rows.map((row) => [
            row.library,
            String(row.calls ?? 0),
            String(row.errors ?? 0),
            String(row.hung ?? 0),
            ms(row.p50Ms),
            ms(row.p99Ms),
            `${row.l1Served ?? 0}/${row.l1Reads ?? 0}`,
            row.recoveredMs === undefined ? `no (within ${sizes.recoveryMs / 1000} s)` : `after ${Math.round(row.recoveredMs)} ms`,
          ]),
          right,
        ),
      ].join('\n');
  }
}

async function main(): Promise<number> {
  const values = parseCommandLine(
    {
      json: { type: 'string' },
      scenarios: { type: 'string', multiple: true },
      libraries: { type: 'string', multiple: true },
      passes: { type: 'string' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === undefined) return 0;
  const quick = values.quick === true;
  const sizes = quick ? QUICK : FULL;
  const scenarioNames = splitList(values.scenarios);
  checkNames(scenarioNames, SCENARIOS, '--scenarios');
  const libraryNames = splitList(values.libraries);
  checkNames(libraryNames, LIBRARIES, '--libraries');
  const scenarios = SCENARIOS.filter((s) => scenarioNames.length === 0 || scenarioNames.includes(s));
  const chosen = (scenario: Scenario) => librariesFor(scenario).filter((l) => libraryNames.length === 0 || libraryNames.includes(l));
  const passes = positiveInteger(values.passes, '--passes', quick ? 1 : 3);

  const given = process.env.REDIS_URL;
  let server: RedisServerHandle | undefined;
  const url = given ?? (server = await startRedisServer()).url;
  const run = `bml${process.pid}`;
  let failures = 0;
  const rows: BenchRow[] = [];
  try {
    console.log(
      `multilevel benchmark, ${describeRevision(['packages/multilevel/src', 'packages/memory/src', 'packages/redis/src']) || 'no git revision'}, node ${process.version}, ` +
        `${given ? `redis ${given}` : `redis-server started on ${url}`}, L1 ${sizes.l1Entries} entries, TTL ${sizes.ttlMs / 1000} s, ` +
        `Redis command timeout ${COMMAND_TIMEOUT_MS} ms where a library takes one${quick ? ' (--quick: a smoke test; these figures are not a measurement)' : ''}`,
    );
    for (const scenario of scenarios) {
      const libraries = chosen(scenario);
      const scenarioPasses = scenario === 'l1-hit' || scenario === 'l2-hit' ? passes : 1;
      const results = new Map<Library, WorkerResult[]>();
      for (let pass = 0; pass < scenarioPasses; pass++) {
        for (const library of pass % 2 === 0 ? libraries : [...libraries].reverse()) {
          try {
            const result = runWorker({ library, scenario, url, prefix: `${run}:${scenario}:${slug(library)}:${pass}`, sizes });
            results.set(library, [...(results.get(library) ?? []), result]);
            process.stderr.write(`${scenario} ${library}${scenarioPasses > 1 ? ` [pass ${pass + 1}]` : ''}: ${formatRate(result.opsPerSec ?? 0)} ops/s\n`);
          } catch (error) {
            failures++;
            process.stderr.write(`${(error as Error).message}\n`);
          }
          // the next worker starts on an empty server (our own server only)
          if (server !== undefined) await redisCommand(server.port, ['FLUSHALL']);
        }
      }
      const scenarioRows = libraries.flatMap((library): BenchRow[] => {
        const runs = results.get(library);
        if (runs === undefined) return [];
        const best = runs.reduce((a, b) => ((b.opsPerSec ?? 0) > (a.opsPerSec ?? 0) ? b : a));
        const { samples: _samples, ...figures } = best;
        return [{ scenario, library, ...figures }];
      });
      rows.push(...scenarioRows);
      console.log(`\n${report(scenario, scenarioRows, sizes)}`);
    }
    if (values.json !== undefined) {
      const path = userPath(values.json);
      writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
      process.stderr.write(`wrote ${rows.length} rows to ${path}\n`);
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await server?.stop();
  }
}

runMain(main);
