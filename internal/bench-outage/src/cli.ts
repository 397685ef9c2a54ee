/**
 * `pnpm bench:outage`: an HTTP service per library through a Redis outage
 * (SIGKILL + restart, SIGSTOP + SIGCONT), against the same service with
 * memory-only levels. Every run gets fresh service processes and a fresh
 * redis-server; tables on stdout, progress on stderr, `--json FILE` writes
 * {@link BenchRow}s.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { checkNames, describeRevision, formatRate, parseCommandLine, runMain, splitList, userPath } from '@cache/bench';
import { rowsOf } from './analysis.js';
import { COMMAND_TIMEOUT_MS } from './caches.js';
import { BASELINE, FULL, LIBRARIES, QUICK, SCENARIOS, type BenchRow, type Library, type Plan, type Scenario } from './plan.js';
import { acceptanceTable, bucketTable, phaseTable } from './report.js';
import { INSTANCES, openRig, runOnce, type Rig, type RunOutcome } from './run.js';

const HELP = `Usage: pnpm bench:outage [options]

${INSTANCES.length} instances of an HTTP service (node:http, each its own process) answer
GET /item/:id with getOrSet over memory L1 + Redis L2 + invalidation bus (+ load
lock), loading from a simulated database (${FULL.databaseMs} ms, per-item versions); ${FULL.writeFraction * 100}% of
requests are POST /item/:id (new version in the database, then set or delete
through the cache). A load generator (one process, ${FULL.concurrency} requests in flight,
keep-alive) draws Zipf ids over ${FULL.keys} items for ${FULL.durationMs / 1000} s after ${FULL.warmupMs / 1000} s of warm-up.
Scenarios (each on a fresh redis-server):
  kill   redis-server SIGKILLed at ${FULL.faultAtMs / 1000} s, restarted empty on its port at ${FULL.restartAtMs / 1000} s
  stop   redis-server SIGSTOPped at ${FULL.faultAtMs / 1000} s for ${FULL.stopForMs / 1000} s
Baseline: the same service with memory-only levels (no Redis), run once.
Libraries: ${LIBRARIES.join(', ')}.

  --json FILE        also write [{scenario, library, phase, second?, reqPerSec, p50Ms, p99Ms,
                     errors, loaderCalls, staleReads, recoverS?, unhandledRejections?}]
  --scenarios a,b    only these scenarios (${SCENARIOS.join(', ')})
  --libraries a,b    only these libraries (the baseline always runs)
  --quick            ${QUICK.durationMs / 1000} s timelines: a smoke test, not a measurement
  -h, --help         this text`;

const SEED = 9;

async function main(): Promise<number> {
  const values = parseCommandLine(
    {
      json: { type: 'string' },
      scenarios: { type: 'string', multiple: true },
      libraries: { type: 'string', multiple: true },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === undefined) return 0;
  const plan: Plan = values.quick === true ? QUICK : FULL;
  const scenarioNames = splitList(values.scenarios);
  checkNames(scenarioNames, SCENARIOS, '--scenarios');
  const libraryNames = splitList(values.libraries);
  checkNames(libraryNames, LIBRARIES, '--libraries');
  const scenarios = SCENARIOS.filter((s) => scenarioNames.length === 0 || scenarioNames.includes(s));
  const libraries = LIBRARIES.filter((l) => libraryNames.length === 0 || libraryNames.includes(l));
  const everyone: Library[] = [BASELINE, ...libraries];

  console.log(
    `outage benchmark, ${describeRevision(['packages']) || 'no git revision'}, node ${process.version}; ${INSTANCES.length} service instances, ` +
      `${plan.concurrency} requests in flight, ${plan.keys} ids (Zipf ${plan.zipfExponent}), ${plan.writeFraction * 100}% writes, database ${plan.databaseMs} ms, ` +
      `Redis command timeout ${COMMAND_TIMEOUT_MS} ms, buckets of ${plan.bucketMs} ms, stale = older than the database ${plan.staleGraceMs} ms before the request` +
      (values.quick === true ? ' (--quick: a smoke test; these figures are not a measurement)' : ''),
  );
  let failures = 0;
  const rig: Rig = await openRig(plan, SEED);
  const attempt = async (library: Library, scenario: Scenario | undefined): Promise<RunOutcome | undefined> => {
    const label = `${scenario ?? 'baseline'} / ${library}`;
    try {
      const outcome = await runOnce(rig, library, scenario, plan);
      const ok = outcome.load.buckets.reduce((sum, b) => sum + b.ok, 0);
      process.stderr.write(`${label}: ${formatRate((ok / plan.durationMs) * 1000)} req/s over the run\n`);
      for (const sample of [...outcome.load.errorSamples, ...outcome.services.flatMap((s) => s.errorSamples)].slice(0, 6)) {
        process.stderr.write(`  ${label}: ${sample}\n`);
      }
      outcome.services.forEach((service, i) => {
        const counters = Object.entries(service.counters).filter(([, n]) => n !== 0);
        if (counters.length > 0) process.stderr.write(`  ${label} (${INSTANCES[i]}): ${counters.map(([name, n]) => `${name} ${Math.round(n * 1000) / 1000}`).join(', ')}\n`);
      });
      return outcome;
    } catch (error) {
      failures++;
      process.stderr.write(`run failed: ${label}: ${(error as Error).message}\n`);
      return undefined;
    }
  };

  const rows: BenchRow[] = [];
  try {
    const baseline = await attempt(BASELINE, undefined);
    if (baseline !== undefined && scenarios[0] !== undefined) {
      console.log(`\n${bucketTable(rowsOf(baseline, scenarios[0], plan), `${BASELINE} (baseline, no Redis, no fault)`, plan, undefined, undefined)}`);
    }
    const rowsByScenario = new Map<Scenario, BenchRow[]>();
    for (const scenario of scenarios) {
      const scenarioRows = baseline === undefined ? [] : rowsOf(baseline, scenario, plan);
      for (const library of libraries) {
        const outcome = await attempt(library, scenario);
        if (outcome === undefined) continue;
        const libraryRows = rowsOf(outcome, scenario, plan);
        scenarioRows.push(...libraryRows);
        console.log(`\n${bucketTable(libraryRows, `${scenario}: ${library}`, plan, scenario, outcome.fault)}`);
      }
      rowsByScenario.set(scenario, scenarioRows);
      rows.push(...scenarioRows);
      console.log(`\n${scenario}: phases (× baseline: against ${BASELINE}'s same phase)\n${phaseTable(scenarioRows, everyone)}`);
    }
    console.log(`\nacceptance (issue 9)\n${acceptanceTable(rowsByScenario, everyone)}`);
  } finally {
    await rig.close();
  }

  if (values.json !== undefined) {
    const path = userPath(values.json);
    writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
    process.stderr.write(`wrote ${rows.length} rows to ${path}\n`);
  }
  return failures > 0 ? 1 : 0;
}

runMain(main);
