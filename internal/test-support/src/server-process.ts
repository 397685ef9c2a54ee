/**
 * One server process of the test suite (redis-server, memcached): spawned on
 * a loopback port in a data dir of its own under the registry, recorded so
 * that a later run can reap it if its owner dies, restartable on the same
 * port and dir, frozen with SIGSTOP for fault tests, killed on process exit.
 * What differs per server is its {@link ServerKind}.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { sleep, waitUntilStopped } from './processes.js';
import { DATA_DIR, registerServer, unregisterServer } from './registry.js';

/** What a test holds of a server it started (see {@link ServerProcess}). */
export interface ServerHandle {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** pid of the running process; undefined while it is killed/stopped */
  readonly pid: number | undefined;
  /** SIGKILL the process (simulates a crash); the port and data dir are kept so restart() can reuse them */
  kill(): Promise<void>;
  /** start again on the same port (after kill/stop) and wait until it answers */
  restart(): Promise<void>;
  /** graceful stop (SIGTERM, SIGKILL after 5 s), waits for exit, removes its temp dir; idempotent */
  stop(): Promise<void>;
  /**
   * SIGSTOP the process (simulates a hung server: the kernel still accepts
   * connections and buffers what clients write, nothing is answered).
   * Prefer `whilePaused`, which always resumes.
   */
  pause(): void;
  /** SIGCONT a paused process (no-op when not paused). */
  resume(): void;
  /** Whether the process is SIGSTOPped by pause(). */
  readonly paused: boolean;
}

/** What one kind of server needs beside the shared process handling. */
export interface ServerKind {
  /** The binary, for messages (`redis-server`). */
  readonly label: string;
  /** Path of the executable. */
  readonly bin: string;
  /** The server's log file inside its dir, if it writes one. */
  readonly logFile: string | undefined;
  /** Command-line arguments. */
  args(port: number, dir: string): string[];
  /** Resolves true once the server on `port` answers and is process `pid` (not another one that took the port). */
  ready(port: number, pid: number): Promise<boolean>;
  /** The error for a failed start. */
  startError(message: string, portInUse: boolean): Error;
}

/** How long a server gets to answer after spawn. */
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** Ports that belong to other services on shared machines. */
export const FORBIDDEN_PORTS = new Set([6379, 11211]);

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** Servers started by this module instance that have not been stop()ped: killed on process exit. */
const live = new Set<ServerProcess>();
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

/** Makes a fresh data dir for a server on `port`. */
export async function serverDir(port: number): Promise<string> {
  await mkdir(DATA_DIR, { recursive: true });
  return mkdtemp(join(DATA_DIR, `${port}-`));
}

/** One server process (restartable on the same port and dir). */
export class ServerProcess implements ServerHandle {
  readonly host = '127.0.0.1' as const;
  readonly port: number;
  /** the server's data dir (its log, and for cluster nodes nodes.conf) */
  readonly dir: string;
  readonly #kind: ServerKind;
  #child: ChildProcess | undefined;
  #exit: Promise<ExitInfo> | undefined;
  #paused = false;
  #stderr = '';

  protected constructor(kind: ServerKind, port: number, dir: string) {
    this.#kind = kind;
    this.port = port;
    this.dir = dir;
  }

  /** Starts `server` (made on a fresh dir); on failure removes the dir and rethrows. */
  protected static async launched<S extends ServerProcess>(server: S): Promise<S> {
    try {
      await server.#start();
    } catch (error) {
      live.delete(server);
      await rm(server.dir, { recursive: true, force: true });
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
    if (!this.running) throw new Error(`${this.#kind.label} on port ${this.port} is not running: nothing to pause`);
    const child = this.#child!;
    child.kill('SIGSTOP');
    this.#paused = true;
    waitUntilStopped(child.pid!);
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.running) this.#child!.kill('SIGCONT');
  }

  async #start(): Promise<void> {
    this.#stderr = '';
    const kind = this.#kind;
    const child = spawn(kind.bin, kind.args(this.port, this.dir), { stdio: ['ignore', 'ignore', 'pipe'] });
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
      throw kind.startError(`could not spawn ${kind.bin}: ${describeExit(await exit)}`, false);
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
        if ((await Promise.race([this.#kind.ready(this.port, pid), exit])) === true) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        this.#child?.kill('SIGKILL');
        await exit;
        throw this.#startError(`did not answer within ${READY_TIMEOUT_MS} ms`);
      }
      await sleep(20);
    }
  }

  #logTail(lines = 20): string {
    const file = this.#kind.logFile;
    if (file === undefined) return '(no log file)';
    try {
      return readFileSync(join(this.dir, file), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log file)';
    }
  }

  #startError(reason: string): Error {
    const kind = this.#kind;
    const stderr = this.#stderr.trim();
    const log = this.#logTail();
    return kind.startError(
      `${kind.label} on 127.0.0.1:${this.port} ${reason}\n` +
        `command: ${kind.bin} ${kind.args(this.port, this.dir).map((arg) => (arg === '' ? "''" : arg)).join(' ')}\n` +
        (stderr === '' ? '' : `--- stderr ---\n${stderr}\n`) +
        (kind.logFile === undefined ? '' : `--- ${join(this.dir, kind.logFile)} (last lines) ---\n${log}`),
      /Address already in use/i.test(`${stderr}\n${log}`),
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
 * Launches a server on `port`, or on random free ports (retrying up to
 * `attempts` times when the chosen one gets taken between the check and
 * the bind, as `portInUse(error)` tells).
 */
export async function launchOnFreePort<S>(
  port: number | undefined,
  launch: (port: number) => Promise<S>,
  portInUse: (error: unknown) => boolean,
  attempts = 5,
): Promise<S> {
  if (port !== undefined) {
    if (FORBIDDEN_PORTS.has(port)) throw new Error(`port ${port} is reserved for other services on this machine`);
    return launch(port);
  }
  for (let attempt = 1; ; attempt++) {
    const chosen = await freePort();
    try {
      return await launch(chosen);
    } catch (error) {
      if (!portInUse(error) || attempt >= attempts) throw error;
    }
  }
}
