/**
 * `pnpm bench:memcached [--json FILE] [--duration MS] [--rounds N] [--scenarios a,b] [--no-hang]`
 *
 * @cache/memcached vs memjs and memcached (npm) on one memcached that this
 * starts through @cache/test-support, each library in its own child
 * process, the order rotating every round (median kept). Then each library
 * on a server that hangs (SIGSTOP): how its calls settle, and whether a
 * write it reported failed is there once the server resumes.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkNames, median, parseCommandLine, positiveInteger, runMain, splitList, userPath } from '@cache/bench';
import { startMemcached } from '@cache/test-support';
import { LIBRARIES, SCENARIOS, type Library, type Scenario } from './libraries.js';
import type { HangResult } from './worker.js';

const HELP = `pnpm bench:memcached [--json FILE] [--duration MS] [--rounds N] [--scenarios a,b] [--no-hang]
  scenarios: ${SCENARIOS.join(', ')}`;

function args(): { json?: string; duration: number; rounds: number; scenarios: Scenario[]; hang: boolean } | undefined {
  const values = parseCommandLine(
    {
      help: { type: 'boolean' },
      json: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      scenarios: { type: 'string' },
      'no-hang': { type: 'boolean' },
    },
    HELP,
  );
  if (values === undefined) return undefined;
  const scenarios = values.scenarios === undefined ? [...SCENARIOS] : splitList(values.scenarios);
  checkNames(scenarios, SCENARIOS, '--scenarios');
  return {
    json: values.json === undefined ? undefined : userPath(values.json),
    duration: positiveInteger(values.duration, '--duration', 1500),
    rounds: positiveInteger(values.rounds, '--rounds', 3),
    scenarios: scenarios as Scenario[],
    hang: values['no-hang'] !== true,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function worker(library: Library, scenario: string, server: string, arg: string): unknown {
  const file = fileURLToPath(new URL('./worker.js', import.meta.url));
  const out = execFileSync(process.execPath, [file, library, scenario, server, arg], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function main(): Promise<number> {
  const options = args();
  if (options === undefined) return 0;
  const server = await startMemcached();
  const rows: { scenario: string; library: Library; opsPerSec: number; ratio?: number; samples: number[] }[] = [];
  try {
    console.log(`memcached at ${server.address}; node ${process.version}; ${options.rounds} rounds × ${options.duration} ms per library and scenario`);
    const samples = new Map<string, number[]>();
    for (let round = 0; round < options.rounds; round++) {
      for (const scenario of options.scenarios) {
        for (let i = 0; i < LIBRARIES.length; i++) {
          const library = LIBRARIES[(i + round) % LIBRARIES.length]!;
          const { opsPerSec } = worker(library, scenario, server.address, String(options.duration)) as { opsPerSec: number };
          samples.set(`${scenario}\u0000${library}`, [...(samples.get(`${scenario}\u0000${library}`) ?? []), opsPerSec]);
        }
      }
    }
    const of = (scenario: string, library: Library) => samples.get(`${scenario}\u0000${library}`)!;
    for (const scenario of options.scenarios) {
      for (const library of LIBRARIES) {
        const runs = of(scenario, library);
        const base = of(scenario, 'memjs');
        rows.push({ scenario, library, opsPerSec: Math.round(median(runs)), ratio: Number(median(runs.map((x, i) => x / base[i]!)).toFixed(3)), samples: runs.map(Math.round) });
      }
    }
    console.log('');
    console.log('scenario'.padEnd(20) + LIBRARIES.map((l) => l.padEnd(24)).join(''));
    for (const scenario of options.scenarios) {
      const cells = LIBRARIES.map((library) => {
        const row = rows.find((r) => r.scenario === scenario && r.library === library)!;
        return (library === 'memjs' ? fmt(row.opsPerSec) : `${fmt(row.opsPerSec)} (${row.ratio!.toFixed(2)}×)`).padEnd(24);
      });
      console.log(scenario.padEnd(20) + cells.join(''));
    }
    console.log('ops/s: median of rounds; (×): median of per-round ratios to memjs; values ~1 KB objects (msgpack for @cache/memcached, JSON strings for the others)');
  } finally {
    await server.stop();
  }

  const hangs: { library: Library; result: HangResult }[] = [];
  if (options.hang) {
    console.log('');
    console.log('server hung (SIGSTOP), each library with its defaults: 100 reads and one write issued, watched for 15 s');
    for (const library of LIBRARIES) {
      const hung = await startMemcached();
      try {
        const result = worker(library, 'hang', hung.address, String(hung.pid)) as HangResult;
        hangs.push({ library, result });
        const applied = result.failedWriteApplied === 'write did not fail' ? 'the write did not fail' : result.failedWriteApplied ? 'yes' : 'no';
        console.log(
          `${library.padEnd(18)} settled ${result.settled}/${result.calls}` +
            (result.settled > 0 ? `, slowest after ${fmt(result.slowestMs)} ms` : '') +
            `; a write reported failed was applied once the server resumed: ${applied}`,
        );
      } finally {
        await hung.stop();
      }
    }
  }

  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify({ rows, hangs }, null, 2)}\n`);
    console.log(`\nwrote ${options.json}`);
  }
  return 0;
}

runMain(main);
