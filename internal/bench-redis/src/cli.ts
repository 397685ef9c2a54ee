/**
 * `pnpm bench:redis [--json FILE] [--duration MS] [--rounds N] [--scenarios a,b]`
 *
 * @cache/redis vs raw ioredis on the same redis-server, each library in its
 * own child process, alternating order over several rounds (median kept).
 * Starts its own redis-server through @cache/test-support unless REDIS_URL
 * is set. Then measures 10,000 miss-mode calls with the server killed.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '@cache/bench';
import { startRedisServer, type RedisServerHandle } from '@cache/test-support';
import { LIBRARIES, SCENARIOS, type Library, type Scenario } from './libraries.js';
import { measureOutage, type OutageResult } from './outage.js';

interface Row {
  scenario: string;
  library: string;
  opsPerSec: number;
  /** Median of per-round ratios to raw ioredis. */
  ratioToIoredis?: number;
  /** ops/s of every round, in round order. */
  samples?: number[];
}

function args(): { json?: string; duration: number; rounds: number; scenarios: Scenario[]; outage: boolean } {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const scenarios = (value('--scenarios')?.split(',') ?? [...SCENARIOS]) as Scenario[];
  for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}; known: ${SCENARIOS.join(', ')}`);
  const json = value('--json');
  return {
    json: json === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), json),
    duration: Number(value('--duration') ?? 1500),
    rounds: Number(value('--rounds') ?? 3),
    scenarios,
    outage: !argv.includes('--no-outage'),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pad = (s: string, n: number) => s.padEnd(n);

function runWorker(library: Library, scenario: Scenario, url: string, duration: number): number {
  const worker = fileURLToPath(new URL('./worker.js', import.meta.url));
  const out = execFileSync(process.execPath, [worker, library, scenario, url, String(duration)], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop()!) as { opsPerSec: number }).opsPerSec;
}

async function main(): Promise<void> {
  const options = args();
  let server: RedisServerHandle | undefined;
  const url = process.env.REDIS_URL ?? (server = await startRedisServer()).url;
  console.log(`redis-server at ${url}; node ${process.version}; ${options.rounds} rounds × ${options.duration} ms per library and scenario`);
  const samples = new Map<string, number[]>();
  for (let round = 0; round < options.rounds; round++) {
    for (const scenario of options.scenarios) {
      const order = LIBRARIES.map((_, i) => LIBRARIES[(i + round) % LIBRARIES.length]!);
      for (const library of order) {
        const ops = runWorker(library, scenario, url, options.duration);
        const id = `${scenario}\u0000${library}`;
        samples.set(id, [...(samples.get(id) ?? []), ops]);
      }
    }
  }
  const rows: Row[] = [];
  for (const scenario of options.scenarios) {
    for (const library of LIBRARIES) {
      const runs = samples.get(`${scenario}\u0000${library}`)!;
      rows.push({ scenario, library, opsPerSec: Math.round(median(runs)), samples: runs.map(Math.round) });
    }
  }
  const get = (scenario: string, library: string) => rows.find((r) => r.scenario === scenario && r.library === library)!.opsPerSec;
  /** Median over rounds of the per-round ratio (both runs of a round are adjacent in time, so load drift cancels out). */
  const ratio = (scenario: string, library: Library, base: Library) => {
    const a = samples.get(`${scenario}\u0000${library}`)!;
    const b = samples.get(`${scenario}\u0000${base}`)!;
    return median(a.map((x, i) => x / b[i]!));
  };
  for (const row of rows) {
    if (row.library !== 'ioredis') row.ratioToIoredis = Number(ratio(row.scenario, row.library as Library, 'ioredis').toFixed(3));
  }

  const short: Record<Library, string> = {
    '@cache/redis': '@cache/redis',
    ioredis: 'ioredis',
    '@cache/redis (autoPipelining: false)': 'ours AP off',
    '@cache/redis (serializer: json)': 'ours json',
    'ioredis (enableAutoPipelining: true)': 'ioredis AP on',
  };
  console.log('');
  console.log(pad('scenario', 20) + LIBRARIES.map((l) => pad(short[l], 22)).join(''));
  for (const scenario of options.scenarios) {
    const cells = LIBRARIES.map((library) => {
      const ops = get(scenario, library);
      return pad(library === 'ioredis' ? fmt(ops) : `${fmt(ops)} (${ratio(scenario, library, 'ioredis').toFixed(2)}×)`, 22);
    });
    console.log(pad(scenario, 20) + cells.join(''));
  }
  console.log('ops/s: median of rounds; (×): median of per-round ratios to raw ioredis with JSON strings; AP: auto-pipelining');
  for (const scenario of options.scenarios) {
    console.log(`auto-pipelining on/off, ${pad(scenario + ':', 20)} ${ratio(scenario, '@cache/redis', '@cache/redis (autoPipelining: false)').toFixed(2)}×`);
  }

  const outages: OutageResult[] = [];
  if (options.outage) {
    const outageServer = await startRedisServer();
    try {
      for (const timing of ['after-disconnect', 'at-crash'] as const) outages.push(await measureOutage(outageServer, timing));
    } finally {
      await outageServer.stop();
    }
    console.log('');
    for (const o of outages) {
      const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
      console.log(
        `outage, miss mode, calls ${o.timing}: ${o.calls} calls, ${o.settled} settled, ${o.rejected} rejected; ` +
          `slowest ${o.maxSettleMs.toFixed(1)} ms, p99 ${o.p99SettleMs.toFixed(1)} ms (bound: commandTimeout ${o.commandTimeoutMs} + 50 ms); ` +
          `heap ${mb(o.heapBefore)} → ${mb(o.heapAfter)} (${(o.heapChange * 100).toFixed(1)}%)` +
          (o.heapLater === undefined ? '' : `, 1.5 s later ${mb(o.heapLater)} (${((o.heapLater / o.heapBefore - 1) * 100).toFixed(1)}%)`),
      );
    }
  }

  if (options.json) {
    const out: (Row | (Row & OutageResult))[] = [...rows];
    for (const o of outages) {
      out.push({ scenario: `outage-10000-calls-miss-mode-${o.timing}`, library: '@cache/redis', opsPerSec: Math.round((o.calls / o.elapsedMs) * 1000), ...o });
    }
    writeFileSync(options.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nwrote ${options.json}`);
  }
  await server?.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
