/**
 * Real memcached processes for the tests of the Memcached tier: one server
 * ({@link startMemcached}) or several ({@link startMemcachedServers}), on
 * free loopback ports, with the same kill / restart / SIGSTOP handles as
 * the Redis servers.
 * @module
 */
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { findMemcached } from './binaries.js';
import { MemcachedStartError } from './errors.js';
import { cleanupOrphans } from './orphans.js';
import { launchOnFreePort, ServerProcess, serverDir, type ServerHandle } from './server-process.js';

/** A running memcached (see {@link startMemcached}); a restart after kill() comes back empty. */
export interface MemcachedServerHandle extends ServerHandle {
  /** `127.0.0.1:PORT`, as the Memcached tier's `servers` option takes it. */
  readonly address: string;
}

/** Options of {@link startMemcached}. */
export interface StartMemcachedOptions {
  /** fixed port (no retry if it is taken); default: a random free port */
  port?: number;
  /** extra memcached arguments, appended last, e.g. ['-m', '8'] */
  args?: string[];
}

/** Sends `command` to 127.0.0.1:port and resolves with the reply up to `until`. */
export function memcachedText(port: number, command: string, until = 'END\r\n', timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`memcached on port ${port} did not answer ${JSON.stringify(command.trim())} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.endsWith(until) || reply.startsWith('ERROR') || reply.startsWith('SERVER_ERROR') || reply.startsWith('CLIENT_ERROR')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(command);
  });
}

class MemcachedServer extends ServerProcess implements MemcachedServerHandle {
  readonly address: string;

  private constructor(bin: string, port: number, dir: string, extraArgs: readonly string[]) {
    super(
      {
        label: 'memcached',
        bin,
        logFile: undefined,
        args: (listenPort) => [
          '--port', String(listenPort),
          '--listen', '127.0.0.1',
          '--udp-port', '0',
          '--threads', '2',
          '--memory-limit', '64',
          // memcached refuses to run as root without a user to run as
          ...(userInfo().uid === 0 ? ['--user', 'root'] : []),
          ...extraArgs,
        ],
        ready: async (at, pid) => (await memcachedText(at, 'stats\r\n')).includes(`STAT pid ${pid}\r\n`),
        startError: (message, portInUse) => new MemcachedStartError(message, { portInUse }),
      },
      port,
      dir,
    );
    this.address = `127.0.0.1:${port}`;
  }

  static async launch(bin: string, port: number, extraArgs: readonly string[]): Promise<MemcachedServer> {
    return ServerProcess.launched(new MemcachedServer(bin, port, await serverDir(port), extraArgs));
  }
}

/**
 * Starts a real memcached on 127.0.0.1 (a random free port unless `port`
 * is given, UDP off) and waits until it answers. Throws
 * MemcachedNotInstalledError when the binary is missing.
 */
export async function startMemcached(options: StartMemcachedOptions = {}): Promise<MemcachedServerHandle> {
  const bin = findMemcached();
  await cleanupOrphans();
  const args = options.args ?? [];
  return launchOnFreePort(options.port, (port) => MemcachedServer.launch(bin, port, args), (error) => error instanceof MemcachedStartError && error.portInUse);
}

/** Starts `count` memcached servers (see {@link startMemcached}); stops those started if one fails. */
export async function startMemcachedServers(count: number, options: Omit<StartMemcachedOptions, 'port'> = {}): Promise<MemcachedServerHandle[]> {
  const servers: MemcachedServerHandle[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startMemcached(options));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return servers;
}
