import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { findRedisServer } from './binaries.js';
import { RedisStartError } from './errors.js';
import { cleanupOrphans } from './orphans.js';
import { freePort } from './ports.js';
import { sleep } from './processes.js';
import { DATA_DIR, registerServer, unregisterServer } from './registry.js';
import { redisPipeline } from './resp.js';

export interface RedisServerHandle {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:PORT` (`redis://:PASSWORD@127.0.0.1:PORT` when started with a password) */
  readonly url: string;
  /** pid of the running process; undefined while it is killed/stopped */
  readonly pid: number | undefined;
  /** SIGKILL the process (simulates a crash); the port and data dir are kept so restart() can reuse them */
  kill(): Promise<void>;
  /** start again on the same port (after kill/stop) and wait until it answers PING */
  restart(): Promise<void>;
  /** graceful stop (SIGTERM, SIGKILL after 5 s), waits for exit, removes its temp dir; idempotent */
  stop(): Promise<void>;
  /**
   * SIGSTOP the process (simulates a hung server: the kernel still accepts
   * connections and buffers what clients write, nothing is answered).
   * Prefer {@link whilePaused}, which always resumes.
   */
  pause(): void;
  /** SIGCONT a paused process (no-op when not paused). */
  resume(): void;
  /** Whether the process is SIGSTOPped by pause(). */
  readonly paused: boolean;
}

/**
 * Runs `body` while `server` is SIGSTOPped, and SIGCONTs it afterwards
 * whatever happens (a frozen server left behind would hang every later test).
 */
export async function whilePaused<T>(server: RedisServerHandle, body: () => Promise<T>): Promise<T> {
  server.pause();
  try {
    return await body();
  } finally {
    server.resume();
  }
}

export interface StartRedisServerOptions {
  /** fixed port (no retry if it is taken); default: a random free port */
  port?: number;
  /** extra redis-server arguments, appended last so they override the defaults, e.g. ['--maxmemory', '10mb'] */
  args?: string[];
  /** sets `requirepass` */
  password?: string;
}

/** How long a server gets to answer PING after spawn. */
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 5;
const FORBIDDEN_PORTS = new Set([6379, 11211]);

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

interface ServerSpec {
  bin: string;
  port: number;
  extraArgs: readonly string[];
  password: string | undefined;
}

/** Servers started by this module instance that have not been stop()ped: killed on process exit. */
const live = new Set<RedisServer>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // best effort: 'exit' handlers must be synchronous
  process.on('exit', () => {
    for (const server of live) server.killSync();
  });
}

function describeExit(exit: ExitInfo): string {
  if (exit.error) return `spawn failed: ${exit.error.message}`;
  return exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One redis-server process (restartable on the same port and dir). Internal: use startRedisServer(). */
export class RedisServer implements RedisServerHandle {
  readonly host = '127.0.0.1' as const;
  readonly port: number;
  readonly url: string;
  readonly password: string | undefined;
  /** the server's --dir (also holds redis.log and, for cluster nodes, nodes.conf) */
  readonly dir: string;
  readonly #bin: string;
  readonly #extraArgs: readonly string[];
  #child: ChildProcess | undefined;
  #exit: Promise<ExitInfo> | undefined;
  #paused = false;
  #stderr = '';

  private constructor(spec: ServerSpec, dir: string) {
    this.port = spec.port;
    this.password = spec.password;
    this.url =
      spec.password === undefined
        ? `redis://127.0.0.1:${spec.port}`
        : `redis://:${encodeURIComponent(spec.password)}@127.0.0.1:${spec.port}`;
    this.dir = dir;
    this.#bin = spec.bin;
    this.#extraArgs = spec.extraArgs;
  }

  /** Spawns a server on spec.port in a fresh data dir and waits until it answers PING. */
  static async launch(spec: ServerSpec): Promise<RedisServer> {
    await mkdir(DATA_DIR, { recursive: true });
    const dir = await mkdtemp(join(DATA_DIR, `${spec.port}-`));
    const server = new RedisServer(spec, dir);
    try {
      await server.#start();
    } catch (error) {
      live.delete(server);
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.#child?.pid : undefined;
  }

  get paused(): boolean {
    return this.#paused && this.running;
  }

  pause(): void {
    if (!this.running) throw new Error(`redis-server on port ${this.port} is not running: nothing to pause`);
    this.#child!.kill('SIGSTOP');
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.running) this.#child!.kill('SIGCONT');
  }

  #args(): string[] {
    return [
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--protected-mode', 'yes',
      '--daemonize', 'no',
      '--dir', this.dir,
      '--logfile', join(this.dir, 'redis.log'),
      '--save', '',
      '--appendonly', 'no',
      '--enable-debug-command', 'local',
      // replicas sync at once (the default waits 5 s for more replicas before a diskless sync)
      '--repl-diskless-sync-delay', '0',
      ...(this.password === undefined ? [] : ['--requirepass', this.password]),
      ...this.#extraArgs,
    ];
  }

  async #start(): Promise<void> {
    this.#stderr = '';
    const child = spawn(this.#bin, this.#args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child = child;
    const exit = new Promise<ExitInfo>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.#exit = exit;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4_000);
    });
    // a forgotten server must not keep the test process alive (the exit hook kills it)
    child.unref();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

    const pid = child.pid;
    if (pid === undefined) {
      throw new RedisStartError(`could not spawn ${this.#bin}: ${describeExit(await exit)}`);
    }
    registerServer({ pid, port: this.port, dir: this.dir });
    void exit.then(() => unregisterServer(pid));
    live.add(this);
    installExitHook();
    await this.#waitReady(pid, exit);
  }

  async #waitReady(pid: number, exit: Promise<ExitInfo>): Promise<void> {
    let exited: ExitInfo | undefined;
    void exit.then((info) => {
      exited = info;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (exited) throw this.#startError(`exited during startup (${describeExit(exited)})`);
      try {
        // race the probe with the exit so a failed start is reported at once
        const replies = await Promise.race([
          redisPipeline(this.port, [['PING'], ['INFO', 'server']], { password: this.password, timeoutMs: 1_000 }),
          exit,
        ]);
        if (!Array.isArray(replies)) continue; // exited: reported at the top of the loop
        const [pong, info] = replies;
        // the process_id check makes sure the answer came from our process, not from
        // another server that grabbed the port first (ours then exits with EADDRINUSE)
        if (pong === 'PONG' && typeof info === 'string' && info.includes(`process_id:${pid}\r\n`)) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        this.#child?.kill('SIGKILL');
        await exit;
        throw this.#startError(`did not answer PING within ${READY_TIMEOUT_MS} ms`);
      }
      await sleep(20);
    }
  }

  #logTail(lines = 20): string {
    try {
      return readFileSync(join(this.dir, 'redis.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log file)';
    }
  }

  #startError(reason: string): RedisStartError {
    const stderr = this.#stderr.trim();
    const log = this.#logTail();
    return new RedisStartError(
      `redis-server on 127.0.0.1:${this.port} ${reason}\n` +
        `command: ${this.#bin} ${this.#args().map((arg) => (arg === '' ? "''" : arg)).join(' ')}\n` +
        (stderr === '' ? '' : `--- stderr ---\n${stderr}\n`) +
        `--- ${join(this.dir, 'redis.log')} (last lines) ---\n${log}`,
      { portInUse: /Address already in use/i.test(`${stderr}\n${log}`) },
    );
  }

  /** Sends `signal`, waits for the exit (SIGKILL after STOP_TIMEOUT_MS). */
  async #terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    const exit = this.#exit;
    if (child === undefined || exit === undefined || !this.running) return;
    child.ref(); // keep the process alive until the server has exited
    child.kill(signal);
    this.resume(); // a stopped process handles SIGTERM only once continued
    if ((await withTimeout(exit, STOP_TIMEOUT_MS)) === undefined) {
      child.kill('SIGKILL');
      await exit;
    }
  }

  async kill(): Promise<void> {
    await this.#terminate('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.#terminate('SIGTERM');
    await mkdir(this.dir, { recursive: true });
    await this.#start();
  }

  async stop(): Promise<void> {
    await this.#terminate('SIGTERM');
    live.delete(this);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** For the process 'exit' hook: synchronous best-effort kill and cleanup. */
  killSync(): void {
    const pid = this.pid;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL'); // also ends a SIGSTOPped process
      } catch {
        // already gone
      }
      unregisterServer(pid);
    }
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}

/**
 * Starts a real redis-server on 127.0.0.1 (random free port unless `port` is given) with a
 * temp dir, no persistence, and waits until it answers PING. Retries on another port when the
 * chosen one gets taken between the check and the bind.
 * Throws RedisNotInstalledError when the binary is missing.
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServerHandle> {
  const bin = findRedisServer();
  await cleanupOrphans();
  const spec = { bin, extraArgs: options.args ?? [], password: options.password };
  if (options.port !== undefined) {
    if (FORBIDDEN_PORTS.has(options.port)) throw new Error(`port ${options.port} is reserved for other services on this machine`);
    return RedisServer.launch({ ...spec, port: options.port });
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await RedisServer.launch({ ...spec, port });
    } catch (error) {
      if (!(error instanceof RedisStartError && error.portInUse) || attempt >= START_ATTEMPTS) throw error;
    }
  }
}
