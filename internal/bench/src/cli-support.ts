/**
 * Small helpers shared by the benchmark command lines: argument lists, paths
 * relative to where the user ran pnpm, the repository root, table output.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for bad command-line input; the CLIs print its message and exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Command-line arguments without a leading `--` that pnpm may forward. */
export function userArgs(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv[0] === '--' ? argv.slice(1) : [...argv];
}

/** The flags a command line accepts (node:util parseArgs options). */
export type CommandLineOptions = NonNullable<ParseArgsConfig['options']>;

/** The values parsed for `O`. */
export type CommandLineValues<O extends CommandLineOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>['values'];

/**
 * Parses the command line strictly against `options` (which should include
 * `help`). Bad flags become a {@link UsageError}; `--help` prints `help` and
 * yields undefined (the caller exits 0).
 */
export function parseCommandLine<const O extends CommandLineOptions>(options: O, help: string): CommandLineValues<O> | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args: userArgs(), options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    console.log(help);
    return undefined;
  }
  return parsed.values;
}

/** Flattens repeated and comma-separated values: `['a,b', 'c']` → `['a', 'b', 'c']`. */
export function splitList(values: string | readonly string[] | undefined): string[] {
  if (values === undefined) return [];
  const list = typeof values === 'string' ? [values] : values;
  return list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** Parses `--name N[,N...]` into positive integers (underscores allowed: `10_000`). */
/** One positive integer flag (`1_000` allowed), or `fallback` when unset. */
export function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  return value === undefined ? fallback : positiveIntegers(value, flag)[0] ?? fallback;
}

/** Options of {@link runWorkerProcess}. */
export interface WorkerProcessOptions {
  /** Node flags for the child (e.g. `--expose-gc`). */
  nodeArgs?: readonly string[];
  /** Kill the child after this many ms. @default none */
  timeoutMs?: number;
  /** How the failure message names the job. */
  name: string;
  /**
   * Pin the child, all its threads, to this CPU (Linux `taskset`; see
   * {@link pinnableCpu}). @default not pinned
   */
  cpu?: number;
}

let tasksetWorks: boolean | undefined;

/**
 * The CPU a benchmark child should be pinned to: `requested` if given
 * (`'none'`: undefined), else the machine's last CPU when `taskset` runs
 * here, else undefined (not pinned).
 *
 * Why pin: on a 2-vCPU VM, unpinned children of the same build ran a
 * 10k-entry read loop at either ~32 or ~52 ns per read, one mode or the
 * other for the whole process (8 alternating processes per library, every
 * library alike); pinned to one CPU, the same runs stayed within ±4%.
 */
export function pinnableCpu(requested?: string): number | undefined {
  if (requested === 'none') return undefined;
  const cpus = availableParallelism();
  if (requested !== undefined) {
    const cpu = Number(requested);
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= cpus) throw new UsageError(`--cpu takes a CPU number from 0 to ${cpus - 1}, or none (got '${requested}')`);
    if (!canPin()) throw new UsageError(`--cpu ${requested}: cannot pin here (needs Linux with taskset); use --cpu none`);
    return cpu;
  }
  return canPin() ? cpus - 1 : undefined;
}

function canPin(): boolean {
  tasksetWorks ??= process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
  return tasksetWorks;
}

/**
 * Runs `worker` (a script next to the caller, e.g. `new URL('./worker.js',
 * import.meta.url)`) in a child process with `job` as JSON in argv, and
 * returns the JSON of its last stdout line; throws with the child's stderr.
 */
export function runWorkerProcess<R>(worker: URL, job: unknown, options: WorkerProcessOptions): R {
  const node = [process.execPath, ...(options.nodeArgs ?? []), fileURLToPath(worker), JSON.stringify(job)];
  const [command, ...args] = options.cpu === undefined ? node : ['taskset', '-c', String(options.cpu), ...node];
  const child = spawnSync(command!, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  const line = child.stdout.trim().split('\n').at(-1);
  if (child.status !== 0 || line === undefined || line === '') {
    throw new Error(`worker for ${options.name} failed (exit ${child.status ?? child.signal}):\n${child.stderr.slice(-4000)}`);
  }
  return JSON.parse(line) as R;
}

export function positiveIntegers(values: string | readonly string[] | undefined, flag: string): number[] {
  return splitList(values).map((text) => {
    const value = Number(text.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} takes positive integers (got '${text}')`);
    return value;
  });
}

/** Checks every name against the allowed ones; throws naming the flag and the choices. */
export function checkNames(names: readonly string[], allowed: readonly string[], flag: string): void {
  for (const name of names) {
    if (!allowed.includes(name)) throw new UsageError(`${flag}: unknown '${name}'; choose from ${allowed.join(', ')}`);
  }
}

/**
 * Resolves a path the user typed: relative to the directory pnpm was started
 * in (`INIT_CWD`), else to the current directory.
 */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The monorepo root: the nearest ancestor of this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(resolve(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * What is being measured: the repository's commit and whether `paths` have
 * uncommitted changes (the bench runs the working tree), e.g.
 * `commit 2940b8a, packages/memory modified`. Empty outside a git checkout.
 */
export function describeRevision(paths: readonly string[]): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repoRoot(), encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return '';
  const dirty = paths.filter((path) => git('status', '--porcelain', '--', path).stdout.trim() !== '');
  return `commit ${head.stdout.trim()}${dirty.length > 0 ? `, uncommitted changes in ${dirty.join(', ')}` : ''}`;
}

/**
 * The machine a measurement ran on, for the first line of a benchmark's
 * output: the CPU model, how many CPUs, and (where Linux describes it under
 * `cacheDir`) the largest cache level and its size, e.g.
 * `Intel(R) Xeon(R) Processor × 2, L3 480 MiB`. Speed ratios against the
 * peers depend on it: the same code and harness wrote up to 1.6×
 * differently against lru-cache on two machine types whose CPUs differ in
 * cache (the memory README's "second machine type").
 */
export function describeMachine(cacheDir = '/sys/devices/system/cpu/cpu0/cache'): string {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  const cache = largestCache(cacheDir);
  return `${model} × ${list.length}${cache === undefined ? '' : `, ${cache}`}`;
}

/** The highest cache level Linux lists under `dir` (index*\/level, index*\/size such as `491520K`), e.g. `L3 480 MiB`; undefined when there is none to read. */
function largestCache(dir: string): string | undefined {
  let best: { level: number; kib: number } | undefined;
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((name) => name.startsWith('index'));
  } catch {
    return undefined;
  }
  for (const name of entries) {
    try {
      const level = Number(readFileSync(resolve(dir, name, 'level'), 'utf8').trim());
      const size = /^(\d+)([KMG]?)$/.exec(readFileSync(resolve(dir, name, 'size'), 'utf8').trim());
      if (!Number.isInteger(level) || level < 1 || size === null) continue;
      const kib = Number(size[1]) * ({ '': 1 / 1024, K: 1, M: 1024, G: 1024 * 1024 } as const)[size[2] as '' | 'K' | 'M' | 'G'];
      if (best === undefined || level > best.level || (level === best.level && kib > best.kib)) best = { level, kib };
    } catch {
      // an entry without a readable level or size says nothing about the cache
    }
  }
  if (best === undefined) return undefined;
  const size = best.kib >= 1024 ? `${Math.round((best.kib / 1024) * 10) / 10} MiB` : `${Math.round(best.kib)} KiB`;
  return `L${best.level} ${size}`;
}

/** The environment variable that names the traces directory when `--traces-dir` is not given. */
export const TRACES_DIR_ENV = 'CACHE_TRACES_DIR';

/**
 * The traces directory: `--traces-dir` (relative to where pnpm was started),
 * else `$CACHE_TRACES_DIR`; undefined when neither is given. There is no
 * default: traces are never committed and live wherever the user put them.
 */
export function tracesDirOf(flag: string | undefined): string | undefined {
  if (flag !== undefined) return userPath(flag);
  const fromEnv = process.env[TRACES_DIR_ENV];
  return fromEnv === undefined || fromEnv === '' ? undefined : userPath(fromEnv);
}

/**
 * `dir` when it exists; otherwise a {@link UsageError} saying how to give
 * it. `what` names what needs the directory (`--suite`, `--acceptance`…).
 */
export function requireTracesDir(dir: string | undefined, what: string): string {
  if (dir === undefined) {
    throw new UsageError(`${what} reads the shared traces (never committed): pass --traces-dir DIR or set ${TRACES_DIR_ENV}=DIR, DIR holding the traces and their README.md table`);
  }
  if (!existsSync(dir)) throw new UsageError(`${what}: no traces directory at ${dir}; pass --traces-dir DIR or set ${TRACES_DIR_ENV}=DIR`);
  return dir;
}

/** Formats rows as an aligned text table; columns listed in `right` are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `12345678` → `12.35M`. */
export function formatRate(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)}M`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toFixed(1)}k`;
  return opsPerSec.toFixed(0);
}

/** `0.4567` → `45.67%`. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`;
}

/** Runs a CLI's main function: usage errors print the message and exit 2, others exit 1. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`error: ${error.message} (see --help)`);
        process.exitCode = 2;
      } else {
        console.error(error);
        process.exitCode = 1;
      }
    },
  );
}
