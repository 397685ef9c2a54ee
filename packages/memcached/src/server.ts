/**
 * One server of the ring: its connection, the failure policy of core's
 * remote kit around every command (deadline, offline bound, error
 * translation), and its own circuit breaker, which takes the server out of
 * the ring after consecutive failures and lets it back once a probe
 * (`version`, then `flush_all` when `flushOnReturn`) succeeds.
 *
 * At most once: when a write misses its deadline after it was written, a
 * delete of the same key follows it on the same connection. memcached runs
 * a connection's commands in order, so a server that was only hung (a
 * SIGSTOP, a long pause) and runs the write late runs the delete right
 * after it: the key ends absent, never holding the write reported failed.
 * (Closing or resetting the connection would not do: a stopped server
 * still reads and runs what its socket buffered before the close.)
 * @module
 */
import { BackendError, ConnectionError, type CacheError } from '@cache/core';
import { CallPolicy, CircuitBreaker, isOutage, type CallToken, type CircuitState } from '@cache/core/remote';
import { MemcachedConnection, type ConnectionStatus, type Pending } from './connection.js';
import type { ResolvedOptions, ServerAddress } from './options.js';
import { FLUSH_COMMAND, ProtocolError, VERSION_COMMAND, isErrorReply, type Command, type Reply } from './protocol.js';

/** What a server tells its tier. */
export interface ServerEvents {
  /** The connection changed status. */
  onStatus(server: Server, status: ConnectionStatus): void;
  /** The connection broke (socket or protocol error). */
  onError(server: Server, error: Error): void;
  /** The server left the ring (`open`) or came back (`closed`). */
  onCircuit(server: Server, state: CircuitState): void;
}

/**
 * Bytes that may wait in a connection's socket buffer for a server that
 * has stopped answering (for longer than `commandTimeout`): past this, a
 * call fails fast instead of adding to them. Bounds the memory a hung
 * server can cost when the breaker is off (with it on, the server leaves
 * the ring after a few timeouts); a server that keeps answering is never
 * refused, however large the burst. The commands already buffered stay, in
 * order, with the deletes that cancel late writes behind them.
 */
export const MAX_BACKLOG = 4 * 1024 * 1024;

/** The memcached errors' vocabulary for core's translation. */
const VOCABULARY = { backend: 'memcached', outage: ['memcached protocol error'], timeout: [] };

/** One server (see the module doc). */
export class Server {
  readonly address: string;
  readonly connection: MemcachedConnection;
  readonly #policy: CallPolicy;
  readonly #breaker: CircuitBreaker | undefined;
  readonly #tier: string;
  readonly #timeout: number;
  readonly #flushOnReturn: boolean;
  #probe: Promise<void> | undefined;

  constructor(server: ServerAddress, options: ResolvedOptions, events: ServerEvents) {
    this.address = server.address;
    this.#tier = options.name;
    this.#timeout = options.commandTimeout;
    this.#flushOnReturn = options.flushOnReturn;
    this.connection = new MemcachedConnection({
      host: server.host,
      port: server.port,
      connectTimeout: options.connectTimeout,
      maxReconnectDelay: options.maxReconnectDelay,
      maxValue: options.maxValueSize + 64,
      onStatus: (status) => events.onStatus(this, status),
      onError: (error) => events.onError(this, error),
    });
    this.#policy = new CallPolicy(this.connection, {
      tier: options.name,
      commandTimeout: options.commandTimeout,
      offlineQueue: options.offlineQueue,
      circuitBreaker: undefined,
      vocabulary: VOCABULARY,
      clock: options.clock,
      onCircuit: () => {},
    });
    this.#breaker = options.circuitBreaker === undefined ? undefined : new CircuitBreaker(options.circuitBreaker, options.clock, (state) => events.onCircuit(this, state));
  }

  /** `closed` while the server is in the ring. */
  get circuitState(): CircuitState {
    return this.#breaker?.state ?? 'closed';
  }

  /**
   * Whether keys may go to this server now. A server out of the ring whose
   * `resetTimeout` has passed starts its probe here (and stays out until
   * the probe succeeds).
   */
  inRing(): boolean {
    const breaker = this.#breaker;
    if (breaker === undefined || breaker.state === 'closed') return true;
    if (this.#probe === undefined && breaker.allow()) {
      this.#probe = this.#runProbe(breaker).finally(() => {
        this.#probe = undefined;
      });
    }
    return false;
  }

  /**
   * Runs `commands` (a pipeline) within the deadline; resolves with one
   * reply each. `undo`, for writes, lists the commands that cancel them
   * (see the module doc). Rejects with a typed error: ConnectionError when
   * the server is out of the ring or unreachable, TimeoutError at the
   * deadline, BackendError when memcached refused a command.
   */
  async run(operation: string, key: string | undefined, commands: readonly Command[], undo?: readonly Command[]): Promise<Reply[]> {
    const token = this.#enter(operation, key);
    const pending = this.connection.sendAll(commands);
    let replies: Reply[];
    try {
      replies = await this.#policy.timed(Promise.all(pending.map((p) => p.reply)));
    } catch (error) {
      throw this.#failed(token, error, operation, key, pending, undo);
    }
    this.#succeeded(token, replies, operation, key);
    return replies;
  }

  /** {@link run} of one command (no arrays on the way). */
  async runOne(operation: string, key: string | undefined, command: Command, undo?: Command): Promise<Reply> {
    const token = this.#enter(operation, key);
    const pending = this.connection.send(command);
    let reply: Reply;
    try {
      reply = await this.#policy.timed(pending.reply);
    } catch (error) {
      throw this.#failed(token, error, operation, key, [pending], undo === undefined ? undefined : [undo]);
    }
    this.#succeeded(token, [reply], operation, key);
    return reply;
  }

  /** The gate before a call: out of the ring fails fast, then the policy's offline bound. */
  #enter(operation: string, key: string | undefined): CallToken {
    const breaker = this.#breaker;
    if (breaker !== undefined && breaker.state !== 'closed') {
      throw new ConnectionError(
        `${operation} skipped: memcached at ${this.address} is out of the ring after repeated failures; it is probed again after resetTimeout`,
        { key, tier: this.#tier },
      );
    }
    const backlog = this.connection.backlog;
    if (backlog > MAX_BACKLOG && this.connection.stalledFor() > this.#timeout) {
      breaker?.failure();
      throw new ConnectionError(`${operation} skipped: memcached at ${this.address} has answered nothing for over ${this.#timeout} ms and ${backlog} bytes wait to be sent to it; it is hung`, {
        key,
        tier: this.#tier,
      });
    }
    try {
      return this.#policy.enter(operation, key);
    } catch (error) {
      breaker?.failure(); // the offline queue is full: the server is away
      throw error;
    }
  }

  /** Bookkeeping of a call that failed (see the module doc for `undo`); returns the typed error. */
  #failed(token: CallToken, error: unknown, operation: string, key: string | undefined, pending: readonly Pending[], undo: readonly Command[] | undefined): CacheError {
    for (const p of pending) p.abandon();
    if (undo !== undefined && pending.some((p) => p.written) && this.connection.status !== 'closed') {
      for (const p of this.connection.sendAll(undo)) p.reply.catch(() => {});
    }
    const failure = this.#policy.rejected(token, error, operation, key);
    if (isOutage(failure)) this.#breaker?.failure();
    return failure;
  }

  /** Bookkeeping of a call answered; throws a BackendError for a refused command. */
  #succeeded(token: CallToken, replies: readonly Reply[], operation: string, key: string | undefined): void {
    this.#policy.succeeded(token);
    this.#breaker?.success();
    for (const reply of replies) {
      // A command memcached could not parse may leave the rest of its line or data to be read as commands: the stream
      // can no longer be trusted. (The tier sends none such; this guards against a server of another version.)
      if (reply.code === 'ERROR' || reply.code === 'CLIENT_ERROR') this.connection.reset(new ProtocolError(`${reply.code} ${reply.tokens[0] ?? ''}`.trimEnd()));
      if (isErrorReply(reply)) throw new BackendError(`${operation} failed: memcached at ${this.address} replied ${reply.code} ${reply.tokens[0] ?? ''}`.trimEnd(), { key, tier: this.#tier });
    }
  }

  /** Resolves once every call made so far has settled. */
  drained(): Promise<void> {
    return this.#policy.drained();
  }

  /** The probe of a server out of the ring: it answers, it is emptied (see `flushOnReturn`), it is back. */
  async #runProbe(breaker: CircuitBreaker): Promise<void> {
    try {
      const commands = this.#flushOnReturn ? [VERSION_COMMAND, FLUSH_COMMAND] : [VERSION_COMMAND];
      const pending = this.connection.sendAll(commands);
      const replies = await this.#policy.timed(Promise.all(pending.map((p) => p.reply))).catch((error: unknown) => {
        for (const p of pending) p.abandon();
        throw error;
      });
      if (replies.some(isErrorReply)) throw new Error(`memcached at ${this.address} refused the probe`);
      breaker.success();
    } catch {
      breaker.failure();
    }
  }
}
