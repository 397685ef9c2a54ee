/**
 * `pnpm bench:memory`: @cache/memory (every policy) against lru-cache,
 * mnemonist's LRUMap and lru.min, each measurement in its own child process,
 * one at a time. Prints a table per scenario with ratios to lru-cache and
 * optionally writes the figures as JSON. Run with `--help`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import {
  UsageError,
  checkNames,
  describeRevision,
  describeMachine,
  formatPercent,
  formatRate,
  formatTable,
  positiveIntegers,
  runMain,
  splitList,
  parseCommandLine,
  pinnableCpu,
  runWorkerProcess,
  userPath,
} from '../cli-support.js';
import { BASELINE, LIBRARIES, memoryPolicies, type Library } from './libraries.js';
import { ALL_SCENARIOS, FULL_SIZES, KEY_SHAPE_SCENARIOS, QUICK_SIZES, SCALE_SCENARIOS, type Scenario } from './scenarios.js';
import type { WorkerJob, WorkerResult } from './worker.js';

const HELP = `Usage: pnpm bench:memory [options]

Compares @cache/memory (each policy) with lru-cache, mnemonist (LRUMap), lru.min
and a bare Map, one child process per measurement, run one after another:
  get-hit          reads of 100k loaded keys, uniform (ops/s)
  set-evict-zipf   writes at capacity 10k, Zipf(0.99) keys over 1M (ops/s)
  get-or-set-zipf  get, set on miss, same stream (ops/s, hit ratio)
  bytes-per-entry  heap + array buffers after gc, 1M entries
get-hit by key shape (lru-cache, mnemonist, lru.min, a Map, and
@cache/memory's lru and default policies):
  get-hit-long-keys        ~45-unit keys, the same string objects reused
  get-hit-fresh-keys       short keys built by a template literal per read
  get-hit-fresh-long-keys  long keys built per read
By cache size, prebuilt key:N strings, 2M operations (lru-cache, mnemonist,
a Map for reads, @cache/memory's lru and default policies):
  get-hit-10k, get-hit-1m, get-hit-10m        uniform reads of loaded keys
  set-evict-10k, set-evict-1m, set-evict-10m  uniform writes over twice the
                                              capacity (half of them evict)

  --json FILE             also write [{scenario, library, policy?, opsPerSec?,
                          hitRatio?, bytesPerEntry?, isDefault?}]
  --scenarios a,b         only these scenarios
  --libraries a,b         only these libraries (${LIBRARIES.join(', ')})
  --policies a,b          only these @cache/memory policies
  --passes N              measure every subject N times, interleaved, in
                          alternating order (default 3; bytes-per-entry once)
  --rounds N              timed rounds per process (default 3); a subject's
                          figure is its best pass (each pass: median of rounds)
  --warmup N              untimed rounds first in each process (default 2)
  --clock cpu|wall        ops per CPU-second of the measuring process (user +
                          system, GC threads included; default: other load on
                          the machine barely moves it) or per wall-clock second
  --bytes-overhead-only   bytes-per-entry counts only the cache's own overhead
                          (keys made before the baseline, one shared value);
                          default: also the key strings and one small value
                          object per entry, what an application holds (the
                          definition under which lru-cache is ~129, a Map ~101)
  --cpu N|none            pin every child (all its threads) to CPU N; default:
                          the last CPU where Linux taskset runs, else none
                          (unpinned children on a small VM ran at one of two
                          speeds ~1.6× apart, a coin toss per process)
  --quick                 a hundredth of the sizes: a smoke test, not a measurement
  -h, --help              this text`;

/** One JSON row. */
export interface MemoryBenchRow {
  scenario: Scenario;
  library: Library;
  /** The @cache/memory policy (absent for other libraries). */
  policy?: string;
  opsPerSec?: number;
  hitRatio?: number;
  bytesPerEntry?: number;
  /** Present (true) on the rows of @cache/memory's default policy. */
  isDefault?: true;
}

interface Subject {
  library: Library;
  policy?: string;
  isDefault?: true;
}

/** The most bytes per entry (keys and values counted) the default and `lru` may take. */
const MAX_BYTES_PER_ENTRY = 112;

/** The scenarios the read floor takes part in: reads of short keys. */
const READ_FLOOR_SCENARIOS: readonly Scenario[] = ['get-hit', 'get-hit-fresh-keys', 'get-hit-10k', 'get-hit-1m', 'get-hit-10m'];

const isKeyShape = (scenario: Scenario) => (KEY_SHAPE_SCENARIOS as readonly Scenario[]).includes(scenario);
const isScale = (scenario: Scenario) => (SCALE_SCENARIOS as readonly Scenario[]).includes(scenario);

/**
 * Which subjects take part in which scenario (Map cannot evict; the read
 * floor neither evicts nor takes long keys; key shapes and scale compare
 * lru and the default only, scale without lru.min).
 */
function runsScenario(subject: Subject, scenario: Scenario): boolean {
  if (subject.library === 'Map') return scenario.startsWith('get-hit') || scenario === 'bytes-per-entry';
  if (subject.library === 'read-floor') return READ_FLOOR_SCENARIOS.includes(scenario);
  if (subject.library === 'lru.min' && isScale(scenario)) return false;
  if (subject.library === '@cache/memory' && (isKeyShape(scenario) || isScale(scenario))) return subject.policy === 'lru' || subject.isDefault === true;
  return true;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runWorker(job: WorkerJob, cpu: number | undefined): WorkerResult {
  const name = [job.scenario, job.library, job.policy].filter(Boolean).join(' ');
  // 10M entries and 20M key strings outgrow V8's default heap limit
  const heap = job.scenario.endsWith('-10m') ? ['--max-old-space-size=12288'] : [];
  return runWorkerProcess<WorkerResult>(new URL('./worker.js', import.meta.url), job, { name, nodeArgs: ['--expose-gc', ...heap], ...(cpu === undefined ? {} : { cpu }) });
}

async function main(): Promise<number> {
  const values = parseCommandLine(
    {
      json: { type: 'string' },
      scenarios: { type: 'string', multiple: true },
      libraries: { type: 'string', multiple: true },
      policies: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      passes: { type: 'string' },
      'bytes-overhead-only': { type: 'boolean' },
      clock: { type: 'string' },
      cpu: { type: 'string' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === undefined) return 0;
  const scenarios = splitList(values.scenarios);
  checkNames(scenarios, ALL_SCENARIOS, '--scenarios');
  const libraries = splitList(values.libraries);
  checkNames(libraries, LIBRARIES, '--libraries');
  const withMemory = libraries.length === 0 || libraries.includes('@cache/memory');
  const { policies: allPolicies, defaultPolicy } = withMemory ? await memoryPolicies() : { policies: [], defaultPolicy: '' };
  const policies = splitList(values.policies);
  checkNames(policies, allPolicies, '--policies');
  const rounds = positiveIntegers(values.rounds, '--rounds')[0] ?? (values.quick === true ? 2 : 3);
  const passes = positiveIntegers(values.passes, '--passes')[0] ?? (values.quick === true ? 1 : 3);
  const clock = values.clock ?? 'cpu';
  if (clock !== 'cpu' && clock !== 'wall') throw new UsageError(`--clock takes cpu or wall (got '${clock}')`);
  const warmup = values.warmup === '0' ? 0 : (positiveIntegers(values.warmup, '--warmup')[0] ?? (values.quick === true ? 1 : 2));
  const sizes = values.quick === true ? QUICK_SIZES : FULL_SIZES;
  const cpu = pinnableCpu(values.cpu);

  const subjects: Subject[] = [];
  for (const library of LIBRARIES) {
    if (libraries.length > 0 && !libraries.includes(library)) continue;
    if (library !== '@cache/memory') {
      subjects.push({ library });
      continue;
    }
    for (const policy of allPolicies) {
      if (policies.length > 0 && !policies.includes(policy)) continue;
      subjects.push({ library, policy, ...(policy === defaultPolicy ? { isDefault: true as const } : {}) });
    }
  }

  console.log(`memory benchmark, ${describeRevision(['packages/memory/src'])}, node ${process.version}, ${describeMachine()}, ${clock === 'cpu' ? 'ops per CPU-second' : 'ops per wall-clock second'}, ${passes} pass(es) × ${rounds} rounds, ${cpu === undefined ? 'children not pinned' : `children pinned to CPU ${cpu}`}`);
  const rows: MemoryBenchRow[] = [];
  let failures = 0;
  for (const scenario of scenarios.length > 0 ? (scenarios as Scenario[]) : ALL_SCENARIOS) {
    const group = subjects.filter((subject) => runsScenario(subject, scenario));
    // Passes alternate direction so drifting load on a shared machine hits every subject alike.
    const scenarioPasses = scenario === 'bytes-per-entry' ? 1 : passes;
    const results = new Map<Subject, WorkerResult[]>();
    for (let pass = 0; pass < scenarioPasses; pass++) {
      for (const subject of pass % 2 === 0 ? group : [...group].reverse()) {
        const name = [scenario, subject.library, subject.policy].filter(Boolean).join(' ');
        try {
          const result = runWorker({ scenario, library: subject.library, ...(subject.policy ? { policy: subject.policy } : {}), sizes, rounds, warmup, clock, bytesWithKeys: values['bytes-overhead-only'] !== true }, cpu);
          results.set(subject, [...(results.get(subject) ?? []), result]);
          const figure = result.bytesPerEntry !== undefined ? `${result.bytesPerEntry.toFixed(1)} B/entry` : `${formatRate(result.opsPerSec ?? 0)} ops/s`;
          const spread = result.samples && result.samples.length > 1 ? ` (rounds ${formatRate(Math.min(...result.samples))}…${formatRate(Math.max(...result.samples))}; ${clock === 'cpu' ? 'wall' : 'cpu'} clock ${formatRate(result.otherClockOpsPerSec ?? 0)})` : '';
          process.stderr.write(`${name}${scenarioPasses > 1 ? ` [pass ${pass + 1}]` : ''}: ${figure}${spread}\n`);
          if (scenario.startsWith('get-hit') && result.hitRatio !== undefined && result.hitRatio < 1) {
            process.stderr.write(`  warning: only ${formatPercent(result.hitRatio)} of get-hit reads hit (the cache did not keep every loaded key)\n`);
          }
        } catch (error) {
          failures++;
          process.stderr.write(`${(error as Error).message}\n`);
        }
      }
    }
    for (const subject of group) {
      const runs = results.get(subject);
      if (runs === undefined) continue;
      const row: MemoryBenchRow = { scenario, library: subject.library };
      if (subject.policy !== undefined) row.policy = subject.policy;
      const ops = runs.flatMap((r) => (r.opsPerSec === undefined ? [] : [r.opsPerSec]));
      // The best pass: load from other processes only ever slows a pass down.
      if (ops.length > 0) row.opsPerSec = Math.round(Math.max(...ops));
      const hits = runs.flatMap((r) => (r.hitRatio === undefined ? [] : [r.hitRatio]));
      if (scenario === 'get-or-set-zipf' && hits.length > 0) row.hitRatio = hits.reduce((a, b) => a + b, 0) / hits.length;
      const bytes = runs.flatMap((r) => (r.bytesPerEntry === undefined ? [] : [r.bytesPerEntry]));
      if (bytes.length > 0) row.bytesPerEntry = Math.round(median(bytes) * 10) / 10;
      if (subject.isDefault) row.isDefault = true;
      rows.push(row);
    }
  }

  console.log(
    values['bytes-overhead-only'] === true
      ? '(bytes per entry: the cache overhead only, keys and value shared/pre-made)'
      : '(bytes per entry: include the key strings and one value object per entry)',
  );
  console.log(report(rows, sizes === QUICK_SIZES));
  if (values.json !== undefined) {
    const path = userPath(values.json);
    writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
    process.stderr.write(`wrote ${rows.length} rows to ${path}\n`);
  }
  return failures > 0 ? 1 : 0;
}

const TITLES: Record<Scenario, string> = {
  'get-hit': 'get-hit: reads of 100k loaded keys (uniform)',
  'get-hit-long-keys': 'get-hit-long-keys: get-hit with ~45-unit keys (the same string objects reused)',
  'get-hit-fresh-keys': 'get-hit-fresh-keys: get-hit with each key built per read (a new string)',
  'get-hit-fresh-long-keys': 'get-hit-fresh-long-keys: get-hit with ~45-unit keys built per read',
  'set-evict-zipf': 'set-evict-zipf: writes at capacity 10k, Zipf(0.99) over 1M keys',
  'get-or-set-zipf': 'get-or-set-zipf: get, set on miss; capacity 10k, Zipf(0.99) over 1M keys',
  'bytes-per-entry': 'bytes-per-entry: heap + array buffers after gc, 1M entries',
  'get-hit-10k': 'get-hit-10k: uniform reads, 10k entries',
  'get-hit-1m': 'get-hit-1m: uniform reads, 1M entries',
  'get-hit-10m': 'get-hit-10m: uniform reads, 10M entries',
  'set-evict-10k': 'set-evict-10k: uniform writes over 20k keys, capacity 10k',
  'set-evict-1m': 'set-evict-1m: uniform writes over 2M keys, capacity 1M',
  'set-evict-10m': 'set-evict-10m: uniform writes over 20M keys, capacity 10M',
};

/** The text report: one table per scenario, then the acceptance checks. */
function report(rows: readonly MemoryBenchRow[], quick = false): string {
  const out: string[] = [];
  if (quick) out.push('(--quick: a hundredth of the sizes; these figures are not comparable)');
  for (const scenario of ALL_SCENARIOS) {
    const group = rows.filter((r) => r.scenario === scenario);
    if (group.length === 0) continue;
    const base = group.find((r) => r.library === BASELINE);
    const bytes = scenario === 'bytes-per-entry';
    const hits = scenario === 'get-or-set-zipf';
    const header = ['library', 'policy', bytes ? 'bytes/entry' : 'ops/s', `× ${BASELINE}`, ...(hits ? ['hit ratio'] : [])];
    const table = group.map((r) => {
      const value = bytes ? r.bytesPerEntry : r.opsPerSec;
      const baseValue = bytes ? base?.bytesPerEntry : base?.opsPerSec;
      return [
        r.library,
        r.policy === undefined ? '' : `${r.policy}${r.isDefault ? ' (default)' : ''}`,
        value === undefined ? '' : bytes ? value.toFixed(1) : formatRate(value),
        value === undefined || !baseValue ? '' : `${(value / baseValue).toFixed(2)}×`,
        ...(hits ? [r.hitRatio === undefined ? '' : formatPercent(r.hitRatio)] : []),
      ];
    });
    out.push('', TITLES[scenario], formatTable(header, table, new Set([2, 3, 4])));
  }
  const checks = acceptance(rows);
  if (checks.length > 0) out.push('', 'Targets:', ...checks);
  return out.join('\n');
}

/**
 * The acceptance lines (one run): the default ≥ 1.0× lru-cache on every
 * speed scenario but the key shapes, where ≥ 0.8×; `lru` ≥ the fastest peer
 * on get-hit and set-evict-zipf, and ≥ mnemonist on every scale scenario;
 * bytes per entry ≤ lru-cache's and ≤ 112 for `lru` and the default.
 */
function acceptance(rows: readonly MemoryBenchRow[]): string[] {
  const lines: string[] = [];
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const peers = new Set<Library>(['lru-cache', 'mnemonist', 'lru.min']);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  for (const scenario of ALL_SCENARIOS) {
    if (scenario === 'bytes-per-entry') continue;
    const group = rows.filter((r) => r.scenario === scenario && r.opsPerSec !== undefined);
    const base = group.find((r) => r.library === BASELINE)?.opsPerSec;
    const lru = group.find((r) => r.library === '@cache/memory' && r.policy === 'lru');
    const def = group.find((r) => r.isDefault);
    if (def && base) {
      const goal = isKeyShape(scenario) ? 0.8 : 1;
      lines.push(`${mark(def.opsPerSec! >= goal * base)} ${scenario}: default ${def.policy} ${ratio(def.opsPerSec!, base)} lru-cache (goal ≥ ${goal.toFixed(1)}×)`);
    }
    if (lru && (scenario === 'get-hit' || scenario === 'set-evict-zipf')) {
      const fastest = group.filter((r) => peers.has(r.library)).sort((a, b) => b.opsPerSec! - a.opsPerSec!)[0];
      if (fastest) lines.push(`${mark(lru.opsPerSec! >= fastest.opsPerSec!)} ${scenario}: lru ${formatRate(lru.opsPerSec!)} vs fastest peer ${fastest.library} ${formatRate(fastest.opsPerSec!)} (${ratio(lru.opsPerSec!, fastest.opsPerSec!)})`);
    }
    const mnemonist = group.find((r) => r.library === 'mnemonist');
    if (lru && mnemonist && isScale(scenario)) {
      lines.push(`${mark(lru.opsPerSec! >= mnemonist.opsPerSec!)} ${scenario}: lru ${ratio(lru.opsPerSec!, mnemonist.opsPerSec!)} mnemonist`);
    }
    const floor = group.find((r) => r.library === 'read-floor');
    if (floor && mnemonist) {
      // not a target: how close any LRU that hashes keys in JavaScript can come
      lines.push(`     ${scenario}: read floor ${ratio(floor.opsPerSec!, mnemonist.opsPerSec!)} mnemonist${lru ? `, lru ${ratio(lru.opsPerSec!, floor.opsPerSec!)} the floor` : ''}`);
    }
  }
  const bytes = rows.filter((r) => r.scenario === 'bytes-per-entry' && r.bytesPerEntry !== undefined);
  const base = bytes.find((r) => r.library === BASELINE)?.bytesPerEntry;
  for (const r of bytes.filter((r) => r.library === '@cache/memory' && (r.policy === 'lru' || r.isDefault))) {
    const ok = r.bytesPerEntry! <= MAX_BYTES_PER_ENTRY && (base === undefined || r.bytesPerEntry! <= base);
    lines.push(`${mark(ok)} bytes-per-entry: ${r.policy} ${r.bytesPerEntry!.toFixed(1)} (goal ≤ ${MAX_BYTES_PER_ENTRY}${base === undefined ? '' : ` and ≤ lru-cache ${base.toFixed(1)}`})`);
  }
  return lines;
}

runMain(main);
