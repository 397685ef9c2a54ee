/**
 * `pnpm bench:hit-ratio`: replays access traces through every @cache/memory
 * policy, lru-cache and Belady's optimum, prints a size × policy table per
 * trace and optionally writes the figures as JSON. Run with `--help`.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  UsageError,
  checkNames,
  describeRevision,
  requireTracesDir,
  tracesDirOf,
  formatTable,
  positiveIntegers,
  runMain,
  splitList,
  parseCommandLine,
  userPath,
} from '../cli-support.js';
import { parseSyntheticSpec, syntheticTrace } from '../trace/synthetic.js';
import { readTraceCached, type Trace } from '../trace/trace.js';
import { formatAcceptance, judge, type AcceptanceRow } from './acceptance.js';
import { ARC } from './arc.js';
import { loadReplayPolicies, LRU_CACHE, OPT, type ReplayPolicies } from './policies.js';
import { bestReference, findReference, loadReferences, referenceSizes, type TraceReference } from './references.js';
import { replayHitRatio, type SeededHitRatio } from './replay.js';

/** The most stretches `--stretches` prints per trace and size (a table row each). */
const MAX_STRETCHES = 10_000;
/** Seeds replayed for policies whose result depends on the seed. */
const DEFAULT_SEEDS = 5;
/** The reference policies `--judge` takes the best of: the shared README's, as far as they are replayed here (its fixed-window W-TinyLFU columns are not). */
const JUDGED_AGAINST = ['lru', 'fifo', 'lfu', 'arc', 'sieve', 's3-fifo'];

const HELP = `Usage: pnpm bench:hit-ratio (--trace FILE | --synthetic SPEC | --suite | --acceptance) [options]

Replays each trace (get, then set on a miss) through every @cache/memory policy,
ARC (policy "arc", a reference implementation), lru-cache (policy "lru-cache")
and Belady's optimum (policy "opt").
With --acceptance, replays only the default policy (N seeds) and lru, and judges
every trace x size of the traces README: mean >= best reference - 1,
mean >= LRU - 1, min over seeds >= best reference - 2.

  --trace FILE[,FILE]    a trace: one key per line, plain or gzip; repeatable.
                         A bare name (oltp) is looked up in the traces directory.
  --synthetic SPEC       a generated trace; repeatable: zipf:S:N[:COUNT[:SEED]]
                         (COUNT defaults to 10×N), loop:N[:COUNT],
                         stack:D[:COUNT[:SEED]] (recency only: reuse at an
                         exponential LRU-stack depth of mean D, a new key one
                         time in 20) or shift:S:N:PHASE[:COUNT[:SEED]] (Zipf
                         popularity dealt anew every PHASE requests)
  --suite                every trace of the traces README at its sizes
  --acceptance           the acceptance grid: every trace of the traces README
                         (or those given with --trace) at its sizes
  --traces-dir DIR       where --suite, --acceptance and bare names look, and whose
                         README.md table gives sizes and reference hit ratios
                         (default: $CACHE_TRACES_DIR; no default beyond it:
                         traces are never committed)
                         Decoded traces are cached in $TMPDIR/cache-bench-traces.
  --sizes N[,N...]       cache sizes in entries; repeatable. Default: the README's
                         sizes for shared traces (required for other traces)
  --policies a,b         only these policies (names as printed, plus opt, lru-cache)
  --seeds N              replay every @cache/memory policy with seeds 1..N (random,
                         W-TinyLFU and S3-FIFO hash or sample with the seed) and
                         report the mean (default ${DEFAULT_SEEDS})
  --judge                judge the default policy at every trace x size replayed
                         as --acceptance judges the README's cells, against the
                         best of the reference policies replayed here (${JUDGED_AGAINST.join(', ')}):
                         a hold-out check for traces or sizes the README lacks
  --stretches N          also print, per trace and size, each policy's hit ratio
                         over every stretch of N requests (mean over the seeds;
                         not opt; at most 10,000 stretches): where along a
                         trace a policy gains or loses
  --json FILE            also write [{trace, size, policy, hitRatio, isDefault?,
                         minHitRatio?, maxHitRatio?, seeds?, stretch?,
                         stretchHitRatios?}]
  -h, --help             this text`;

/** One JSON row. */
export interface HitRatioRow {
  trace: string;
  size: number;
  policy: string;
  /** Hits / requests, in [0, 1]; the mean over seeds for seed-dependent policies. */
  hitRatio: number;
  /** Present (true) on the rows of @cache/memory's default policy. */
  isDefault?: true;
  /** Seed-dependent policies only: the lowest and highest ratio over the seeds, and how many seeds. */
  minHitRatio?: number;
  maxHitRatio?: number;
  seeds?: number;
  /** With `--stretches`: the stretch length in requests, and the hit ratio of each stretch in trace order (the last may be shorter). */
  stretch?: number;
  stretchHitRatios?: number[];
}

interface TraceSource {
  label: string;
  load: () => Trace;
}

function traceSources(
  values: { trace?: string[]; synthetic?: string[]; suite?: boolean },
  tracesDir: string | undefined,
  references: readonly TraceReference[],
): TraceSource[] {
  const sources: TraceSource[] = [];
  for (const spec of splitList(values.synthetic)) {
    try {
      parseSyntheticSpec(spec); // fail before any replay; build the trace when its turn comes
    } catch (error) {
      throw new UsageError(`--synthetic: ${(error as Error).message}`);
    }
    sources.push({ label: spec, load: () => syntheticTrace(spec) });
  }
  const files = splitList(values.trace);
  if (values.suite === true) {
    const dir = requireTracesDir(tracesDir, '--suite');
    if (references.length === 0) throw new UsageError(`--suite: no reference table in ${join(dir, 'README.md')}`);
    for (const file of new Set(references.map((r) => r.file))) files.push(join(dir, file));
  }
  for (const file of files) {
    const candidates = [userPath(file), ...(tracesDir === undefined ? [] : [join(tracesDir, file), join(tracesDir, `${file}.keys.gz`)])];
    const path = candidates.find((p) => existsSync(p));
    if (path === undefined) throw new UsageError(`--trace: no file '${file}' (looked at ${candidates.join(', ')})`);
    sources.push({ label: path, load: () => readTraceCached(path) });
  }
  if (sources.length === 0) throw new UsageError('give at least one --trace, --synthetic or --suite');
  return sources;
}

const pct = (ratio: number) => (ratio * 100).toFixed(2);

async function main(): Promise<number> {
  const values = parseCommandLine(
    {
      trace: { type: 'string', multiple: true },
      synthetic: { type: 'string', multiple: true },
      suite: { type: 'boolean' },
      acceptance: { type: 'boolean' },
      'traces-dir': { type: 'string' },
      sizes: { type: 'string', multiple: true },
      policies: { type: 'string', multiple: true },
      seeds: { type: 'string' },
      judge: { type: 'boolean' },
      stretches: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === undefined) return 0;
  const tracesDir = tracesDirOf(values['traces-dir']);
  const references = tracesDir === undefined ? [] : loadReferences(tracesDir);
  const seeds = positiveIntegers(values.seeds, '--seeds')[0] ?? DEFAULT_SEEDS;
  const stretch = positiveIntegers(values.stretches, '--stretches')[0] ?? 0;
  if (values.acceptance === true) {
    if (stretch > 0) throw new UsageError('--stretches applies to replays of --trace, --synthetic or --suite, not to --acceptance');
    return acceptanceGrid(values, requireTracesDir(tracesDir, '--acceptance'), references, seeds);
  }
  const sources = traceSources(values, tracesDir, references);
  const sizes = positiveIntegers(values.sizes, '--sizes');
  const policies = await loadReplayPolicies();
  const selected = splitList(values.policies);
  checkNames(selected, policies.names, '--policies');
  const names = selected.length === 0 ? policies.names : policies.names.filter((n) => selected.includes(n));
  const judged = values.judge === true;
  if (judged && (!names.includes(policies.defaultPolicy) || !names.includes('lru') || !names.some((n) => n !== 'lru' && JUDGED_AGAINST.includes(n)))) {
    throw new UsageError(`--judge needs the default policy (${policies.defaultPolicy}), lru and at least one other of ${JUDGED_AGAINST.join(', ')} in --policies`);
  }
  const judgedRows: AcceptanceRow[] = [];

  console.log(`hit ratios, ${describeRevision(['packages/memory/src'])}, node ${process.version}`);
  const rows: HitRatioRow[] = [];
  const checks: string[] = [];
  for (const source of sources) {
    process.stderr.write(`reading ${source.label}\n`);
    const trace = source.load();
    const traceSizes = sizes.length > 0 ? sizes : referenceSizes(references, trace.name);
    if (traceSizes.length === 0) throw new UsageError(`--sizes is required for trace '${trace.name}' (the README has no sizes for it)`);
    const distinct = new Set(trace.requests).size;
    if (stretch > 0 && Math.ceil(trace.requests.length / stretch) > MAX_STRETCHES) {
      throw new UsageError(`--stretches ${stretch} cuts '${trace.name}' (${trace.requests.length} requests) into more than ${MAX_STRETCHES} stretches; give at least ${Math.ceil(trace.requests.length / MAX_STRETCHES)}`);
    }
    const byPolicy = new Map<string, SeededHitRatio>();
    const tableRows: string[][] = [];
    const spreads: string[] = [];
    const withReference = traceSizes.some((size) => findReference(references, trace.name, size) !== undefined);
    for (const size of traceSizes) {
      const cells = [String(size)];
      for (const name of names) {
        const started = performance.now();
        const ratio = replayHitRatio(trace, size, policies.factory(name), policies.seeded(name) ? seeds : 1, stretch);
        const spread = ratio.runs > 1 ? ` (${ratio.runs} seeds: ${pct(ratio.min)}…${pct(ratio.max)})` : '';
        process.stderr.write(`  ${trace.name} size ${size} ${name}: ${pct(ratio.mean)}%${spread} (${(performance.now() - started).toFixed(0)} ms)\n`);
        byPolicy.set(name, ratio);
        const row: HitRatioRow = { trace: trace.name, size, policy: name, hitRatio: ratio.mean };
        if (name === policies.defaultPolicy) row.isDefault = true;
        if (ratio.runs > 1) Object.assign(row, { minHitRatio: ratio.min, maxHitRatio: ratio.max, seeds: ratio.runs });
        if (ratio.stretches !== undefined) Object.assign(row, { stretch, stretchHitRatios: ratio.stretches });
        if (ratio.min !== ratio.max) spreads.push(`${name} @ ${size}: ${pct(ratio.min)}…${pct(ratio.max)}`);
        rows.push(row);
        cells.push(pct(ratio.mean));
      }
      const reference = findReference(references, trace.name, size);
      if (withReference) {
        const best = reference && bestReference(reference);
        cells.push(reference ? reference.opt.toFixed(2) : '', best ? `${best.hitRatio.toFixed(2)} (${best.policy})` : '');
      }
      tableRows.push(cells);
      if (reference) checks.push(...acceptance(trace.name, size, byPolicy, policies.defaultPolicy, reference));
      if (judged) judgedRows.push(judgeReplayed(trace.name, size, byPolicy, policies.defaultPolicy));
    }
    const header = ['size', ...names.map((n) => (n === policies.defaultPolicy ? `${n}*` : n)), ...(withReference ? ['ref opt', 'ref best'] : [])];
    const right = new Set(header.map((_, i) => i).filter((i) => i <= names.length || i === names.length + 1));
    console.log(`\n${trace.name}: ${trace.requests.length.toLocaleString('en-US')} requests, ${distinct.toLocaleString('en-US')} keys; hit ratio %`);
    console.log(formatTable(header, tableRows, right));
    if (spreads.length > 0) console.log(`@cache/memory policies: mean of ${seeds} seeds; where seeds differ (min…max): ${spreads.join('; ')}`);
    if (stretch > 0) for (const size of traceSizes) console.log(formatStretches(trace.name, trace.requests.length, size, stretch, rows, policies.defaultPolicy));
  }
  console.log(`\n* default policy (${policies.defaultPolicy}); arc = ARC (reference implementation); opt = Belady's optimum with bypass; lru-cache = the lru-cache library`);
  if (checks.length > 0) console.log(`\nAgainst the shared traces README:\n${checks.join('\n')}`);
  if (judged) console.log(`\nJudged against the best reference policy replayed here (${JUDGED_AGAINST.filter((n) => names.includes(n)).join(', ')}):\n${formatAcceptance(judgedRows)}`);
  if (values.json !== undefined) {
    const path = userPath(values.json);
    writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
    process.stderr.write(`wrote ${rows.length} rows to ${path}\n`);
  }
  return 0;
}

/**
 * `--stretches`: one row per stretch of `stretch` requests, one column per
 * policy replayed at `size` (Belady's optimum has no stretches).
 */
function formatStretches(trace: string, requests: number, size: number, stretch: number, rows: readonly HitRatioRow[], defaultPolicy: string): string {
  const columns = rows.filter((row) => row.trace === trace && row.size === size && row.stretchHitRatios !== undefined);
  const header = ['requests', ...columns.map((row) => (row.policy === defaultPolicy ? `${row.policy}*` : row.policy))];
  const count = Math.ceil(requests / stretch);
  const body: string[][] = [];
  for (let i = 0; i < count; i++) {
    const range = `${(i * stretch).toLocaleString('en-US')}–${Math.min(requests, (i + 1) * stretch).toLocaleString('en-US')}`;
    body.push([range, ...columns.map((row) => pct(row.stretchHitRatios![i]!))]);
  }
  const right = new Set(header.map((_, i) => i));
  return `\n${trace} @ ${size}: hit ratio % per ${stretch.toLocaleString('en-US')} requests\n${formatTable(header, body, right)}`;
}

/**
 * `--judge`: the default policy at one trace × size, judged as the
 * acceptance grid judges a README cell, with the best of the reference
 * policies replayed here standing in for the README's columns.
 */
function judgeReplayed(trace: string, size: number, byPolicy: ReadonlyMap<string, SeededHitRatio>, defaultPolicy: string): AcceptanceRow {
  const policies: Record<string, number> = {};
  for (const name of JUDGED_AGAINST) {
    const ratio = byPolicy.get(name);
    if (ratio !== undefined) policies[name] = ratio.mean * 100;
  }
  const reference: TraceReference = { trace, file: '', size, opt: Number.NaN, policies };
  return judge(reference, defaultPolicy, byPolicy.get(defaultPolicy)!, byPolicy.get('lru')!.mean);
}

/** The check lines for one reference row: default vs best reference − 1 and vs lru − 1; lru equals lru-cache; arc and opt equal the reference's. */
function acceptance(
  trace: string,
  size: number,
  byPolicy: ReadonlyMap<string, SeededHitRatio>,
  defaultPolicy: string,
  reference: TraceReference,
): string[] {
  const lines: string[] = [];
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const seeded = byPolicy.get(defaultPolicy);
  const def = seeded?.mean;
  const range = seeded && seeded.runs > 1 ? ` (mean of ${seeded.runs} seeds, min ${pct(seeded.min)})` : '';
  const lru = byPolicy.get('lru')?.mean;
  const lruCache = byPolicy.get(LRU_CACHE)?.mean;
  const best = bestReference(reference);
  const where = `${trace} @ ${size}`.padEnd(16);
  if (def !== undefined) {
    const target = best.hitRatio - 1;
    lines.push(`${mark(def * 100 >= target)} ${where} ${defaultPolicy} ${pct(def)}${range} ≥ best reference ${best.hitRatio.toFixed(2)} (${best.policy}) − 1 = ${target.toFixed(2)}`);
    if (lru !== undefined) {
      lines.push(`${mark(def * 100 >= lru * 100 - 1)} ${where} ${defaultPolicy} ${pct(def)} ≥ lru ${pct(lru)} − 1`);
    }
  }
  if (lru !== undefined && lruCache !== undefined) {
    lines.push(`${mark(lru === lruCache)} ${where} lru ${pct(lru)} = lru-cache ${pct(lruCache)}`);
  }
  const arc = byPolicy.get(ARC)?.mean;
  const referenceArc = reference.policies[ARC];
  if (arc !== undefined && referenceArc !== undefined) {
    lines.push(`${mark(Math.abs(arc * 100 - referenceArc) < 0.01)} ${where} arc ${pct(arc)} = reference arc ${referenceArc.toFixed(2)}`);
  }
  const opt = byPolicy.get(OPT)?.mean;
  if (opt !== undefined) {
    lines.push(`${mark(Math.abs(opt * 100 - reference.opt) < 0.01)} ${where} opt ${pct(opt)} = reference opt ${reference.opt.toFixed(2)}`);
  }
  return lines;
}

/**
 * `--acceptance`: the default policy over `seeds` seeds and `lru` once, on
 * every trace × size of the README (or the traces named with --trace),
 * judged and printed as one grid; `--json` writes the judged rows.
 */
async function acceptanceGrid(
  values: { trace?: string[]; sizes?: string[]; json?: string },
  tracesDir: string,
  references: readonly TraceReference[],
  seeds: number,
): Promise<number> {
  if (references.length === 0) throw new UsageError(`--acceptance: no reference table in ${join(tracesDir, 'README.md')}; pass --traces-dir DIR`);
  const wanted = splitList(values.trace);
  const known = [...new Set(references.map((r) => r.trace))];
  checkNames(wanted, known, '--trace (with --acceptance)');
  const sizes = positiveIntegers(values.sizes, '--sizes');
  const cells = references.filter((r) => (wanted.length === 0 || wanted.includes(r.trace)) && (sizes.length === 0 || sizes.includes(r.size)));
  const policies: ReplayPolicies = await loadReplayPolicies();
  const create = policies.factory(policies.defaultPolicy);
  const lru = policies.factory('lru');
  if (create === 'opt' || lru === 'opt') throw new Error('unreachable: the default policy and lru are caches');
  console.log(`acceptance grid, ${describeRevision(['packages/memory/src'])}, node ${process.version}, traces ${tracesDir}`);
  const rows: AcceptanceRow[] = [];
  let trace: Trace | undefined;
  for (const reference of cells) {
    const path = join(tracesDir, reference.file);
    if (!existsSync(path)) throw new UsageError(`--acceptance: the README lists ${reference.file}, which is not in ${tracesDir}`);
    if (trace?.name !== reference.trace) {
      process.stderr.write(`reading ${path}\n`);
      trace = readTraceCached(path);
    }
    const started = performance.now();
    const ratio = replayHitRatio(trace, reference.size, create, seeds);
    const lruRatio = replayHitRatio(trace, reference.size, lru, 1).mean;
    const row = judge(reference, policies.defaultPolicy, ratio, lruRatio);
    rows.push(row);
    const took = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`  ${row.trace} @ ${row.size}: mean ${row.mean.toFixed(2)} min ${row.min.toFixed(2)} best ${row.best.toFixed(2)} lru ${row.lruReplayed.toFixed(2)} ${row.pass ? 'pass' : 'FAIL'} (${took} s)\n`);
  }
  console.log(`\n${formatAcceptance(rows)}`);
  if (values.json !== undefined) {
    const path = userPath(values.json);
    writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
    process.stderr.write(`wrote ${rows.length} rows to ${path}\n`);
  }
  return 0;
}

runMain(main);
