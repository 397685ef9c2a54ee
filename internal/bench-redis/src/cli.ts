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
import { startRedisServer, type RedisServerHandle } from '@cache/test-support';
import { LIBRARIES, SCENARIOS, type Library, type Scenario } from './libraries.js';
import { measureOutage, type OutageResult } from './outage.js';

interface Row {
  scenario: string;
  library: string;
  opsPerSec: number;
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

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
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
    for (const library of LIBRARIES) rows.push({ scenario, library, opsPerSec: Math.round(median(samples.get(`${scenario}\u0000${library}`)!)) });
  }
  const get = (scenario: string, library: string) => rows.find((r) => r.scenario === scenario && r.library === library)!.opsPerSec;

  console.log('');
  console.log(
    `${pad('scenario', 20)}${pad('@cache/redis', 14)}${pad('ioredis', 12)}${pad('ratio', 8)}${pad('@cache/redis AP off', 21)}${pad('AP on/off', 11)}ioredis AP on`,
  );
  for (const scenario of options.scenarios) {
    const ours = get(scenario, '@cache/redis');
    const theirs = get(scenario, 'ioredis');
    const off = get(scenario, '@cache/redis (autoPipelining: false)');
    const theirsAp = get(scenario, 'ioredis (enableAutoPipelining: true)');
    console.log(
      `${pad(scenario, 20)}${pad(fmt(ours), 14)}${pad(fmt(theirs), 12)}${pad((ours / theirs).toFixed(2) + '×', 8)}${pad(fmt(off), 21)}${pad((ours / off).toFixed(2) + '×', 11)}${fmt(theirsAp)}`,
    );
  }
  console.log('ops/s, median of rounds; ratio = @cache/redis / raw ioredis (JSON strings); AP = auto-pipelining');

  let outage: OutageResult | undefined;
  if (options.outage) {
    const outageServer = await startRedisServer();
    try {
      outage = await measureOutage(outageServer);
    } finally {
      await outageServer.stop();
    }
    console.log('');
    console.log(
      `outage (miss mode, server killed): ${outage.calls} calls settled=${outage.settled} rejected=${outage.rejected} ` +
        `max ${outage.maxSettleMs.toFixed(1)} ms, p99 ${outage.p99SettleMs.toFixed(1)} ms (commandTimeout ${outage.commandTimeoutMs} ms; bound ${outage.commandTimeoutMs + 50} ms), ` +
        `all done in ${outage.elapsedMs.toFixed(1)} ms; heap ${(outage.heapBefore / 1e6).toFixed(2)} MB → ${(outage.heapAfter / 1e6).toFixed(2)} MB ` +
        `(${(outage.heapChange * 100).toFixed(1)}%)`,
    );
  }

  if (options.json) {
    const out: (Row | (Row & OutageResult))[] = [...rows];
    if (outage) out.push({ scenario: 'outage-10000-calls-miss-mode', library: '@cache/redis', opsPerSec: Math.round((outage.calls / outage.elapsedMs) * 1000), ...outage });
    writeFileSync(options.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nwrote ${options.json}`);
  }
  await server?.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
