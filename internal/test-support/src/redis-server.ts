import { join } from 'node:path';
import { findRedisServer } from './binaries.js';
import { RedisStartError } from './errors.js';
import { cleanupOrphans } from './orphans.js';
import { redisPipeline } from './resp.js';
import { launchOnFreePort, ServerProcess, serverDir, type ServerHandle } from './server-process.js';

/** A running redis-server (see {@link startRedisServer}). */
export interface RedisServerHandle extends ServerHandle {
  /** `redis://127.0.0.1:PORT` (`redis://:PASSWORD@127.0.0.1:PORT` when started with a password) */
  readonly url: string;
}

/**
 * Runs `body` while `server` is SIGSTOPped, and SIGCONTs it afterwards
 * whatever happens (a frozen server left behind would hang every later test).
 */
export async function whilePaused<T>(server: ServerHandle, body: () => Promise<T>): Promise<T> {
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

interface ServerSpec {
  bin: string;
  port: number;
  extraArgs: readonly string[];
  password: string | undefined;
}

/** One redis-server process (restartable on the same port and dir). Internal: use startRedisServer(). */
export class RedisServer extends ServerProcess implements RedisServerHandle {
  readonly url: string;
  readonly password: string | undefined;

  private constructor(spec: ServerSpec, dir: string) {
    const password = spec.password;
    super(
      {
        label: 'redis-server',
        bin: spec.bin,
        logFile: 'redis.log',
        args: (port, at) => [
          '--port', String(port),
          '--bind', '127.0.0.1',
          '--protected-mode', 'yes',
          '--daemonize', 'no',
          '--dir', at,
          '--logfile', join(at, 'redis.log'),
          '--save', '',
          '--appendonly', 'no',
          '--enable-debug-command', 'local',
          // replicas sync at once (the default waits 5 s for more replicas before a diskless sync)
          '--repl-diskless-sync-delay', '0',
          ...(password === undefined ? [] : ['--requirepass', password]),
          ...spec.extraArgs,
        ],
        ready: async (port, pid) => {
          const [pong, info] = await redisPipeline(port, [['PING'], ['INFO', 'server']], { password, timeoutMs: 1_000 });
          // the process_id check makes sure the answer came from our process, not from
          // another server that grabbed the port first (ours then exits with EADDRINUSE)
          return pong === 'PONG' && typeof info === 'string' && info.includes(`process_id:${pid}\r\n`);
        },
        startError: (message, portInUse) => new RedisStartError(message, { portInUse }),
      },
      spec.port,
      dir,
    );
    this.password = password;
    this.url = password === undefined ? `redis://127.0.0.1:${spec.port}` : `redis://:${encodeURIComponent(password)}@127.0.0.1:${spec.port}`;
  }

  /** Spawns a server on spec.port in a fresh data dir and waits until it answers PING. */
  static async launch(spec: ServerSpec): Promise<RedisServer> {
    return ServerProcess.launched(new RedisServer(spec, await serverDir(spec.port)));
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
  return launchOnFreePort(options.port, (port) => RedisServer.launch({ ...spec, port }), (error) => error instanceof RedisStartError && error.portInUse);
}
