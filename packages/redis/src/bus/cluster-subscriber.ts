/**
 * The bus's subscriber on a Redis Cluster: a plain connection of its own to
 * one node at a time. Redis Cluster forwards every (non-sharded) PUBLISH to
 * every node, so one node hears every message.
 *
 * Why not the Cluster's `duplicate()`: its subscriber moves to another node
 * by itself when its node goes away and re-subscribes silently, so the bus
 * never learned that it had missed the messages published in between. This
 * one tells: every lost connection is a `'close'`, every new one a
 * `'ready'` (the bus then resubscribes and reports `'subscribed'`). A lost
 * connection is not retried on the same node: the next attempt goes to the
 * next node the cluster knows (`cluster.nodes()`), round robin, with a short
 * backoff while none answers.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { Cluster, Redis } from 'ioredis';
import { ConnectionError } from '@cache/core';
import { addressOf, closeClient } from '../tier/connection.js';

/** Longest wait between two connection attempts, ms. */
const MAX_RETRY_DELAY = 1000;

/**
 * A subscriber connection that follows the cluster's nodes. Emits
 * `'messageBuffer'` (channel, message), `'close'` (the subscription is lost),
 * `'ready'` (connected to a node, nothing subscribed yet) and `'end'` (closed).
 */
export class ClusterSubscriber extends EventEmitter {
  readonly #cluster: Cluster;
  readonly #name: string;
  readonly #connectTimeout: number;
  #connection: Redis | undefined;
  /** Round-robin position in the cluster's node list (starts anywhere, so buses spread over the nodes). */
  #next = Math.floor(Math.random() * 1024);
  #attempts = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #lastError: unknown;

  /** Starts connecting at once. `name` is the connection's CLIENT SETNAME. */
  constructor(cluster: Cluster, name: string, connectTimeout: number) {
    super();
    this.#cluster = cluster;
    this.#name = name;
    this.#connectTimeout = connectTimeout;
    this.#connect();
  }

  /** `'ready'` while connected to a node, `'end'` once closed, else the current connection's status. */
  get status(): string {
    if (this.#closed) return 'end';
    return this.#connection?.status ?? 'connecting';
  }

  /** Subscribes on the current node; rejects when not connected (the next `'ready'` is the time to retry). */
  subscribe(...channels: string[]): Promise<unknown> {
    const connection = this.#connection;
    if (connection?.status !== 'ready') return Promise.reject(new Error('Connection is closed.'));
    return connection.subscribe(...channels);
  }

  /** Unsubscribes on the current node (nothing to do when not connected: a new connection starts empty). */
  unsubscribe(...channels: string[]): Promise<unknown> {
    const connection = this.#connection;
    if (connection?.status !== 'ready') return Promise.resolve();
    return connection.unsubscribe(...channels);
  }

  /** PINGs the current node (allowed in subscriber mode); rejects when not connected. */
  ping(): Promise<unknown> {
    const connection = this.#connection;
    if (connection?.status !== 'ready') return Promise.reject(new Error('Connection is closed.'));
    return connection.ping();
  }

  /**
   * Drops the current connection at once (its node hangs): `'close'`, then
   * the next node, as when a connection is lost.
   */
  drop(): void {
    this.#connection?.stream?.destroy();
  }

  /**
   * Resolves once connected to a node, or rejects with a ConnectionError
   * naming the cluster's startup nodes after `timeoutMs` or when closed.
   * Connects a lazy cluster (its node list is where the nodes come from).
   */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.#closed) return Promise.reject(this.#failure('the connection was closed'));
    if (this.#cluster.status === 'wait') this.#cluster.connect().catch(() => {});
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: ConnectionError) => {
        clearTimeout(timer);
        this.off('ready', onReady);
        this.off('end', onEnd);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = () => settle();
      const onEnd = () => settle(this.#failure('the connection was closed'));
      const timer = setTimeout(() => settle(this.#failure(`no node answered within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      this.on('ready', onReady);
      this.on('end', onEnd);
    });
  }

  /** Closes the connection (never the cluster) within `timeoutMs`; emits `'end'`. */
  async close(timeoutMs: number): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection !== undefined) await closeClient(connection, timeoutMs);
    this.emit('end');
  }

  /** Connects to the next node the cluster knows; retries later while it knows none. */
  #connect(): void {
    if (this.#closed) return;
    const nodes = this.#cluster.nodes('all');
    if (nodes.length === 0) {
      this.#retry();
      return;
    }
    const node = nodes[this.#next++ % nodes.length]!;
    const connection = node.duplicate({
      connectionName: this.#name,
      lazyConnect: true,
      readOnly: false,
      autoResubscribe: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: undefined,
      connectTimeout: this.#connectTimeout,
      retryStrategy: () => null, // a lost connection moves to the next node (#connect), never silently back
    });
    this.#connection = connection;
    // ioredis' connectTimeout ends at the TCP connect; a hung node (SIGSTOP) accepts and never answers the ready check
    const attempt = setTimeout(() => connection.disconnect(), this.#connectTimeout);
    attempt.unref();
    connection.on('error', (error: unknown) => (this.#lastError = error));
    connection.on('messageBuffer', (channel: Buffer, message: Buffer) => this.emit('messageBuffer', channel, message));
    connection.once('ready', () => {
      clearTimeout(attempt);
      this.#attempts = 0;
      this.emit('ready');
    });
    connection.once('end', () => {
      clearTimeout(attempt);
      if (this.#connection !== connection) return;
      this.#connection = undefined;
      this.emit('close');
      this.#retry();
    });
    connection.connect().catch(() => {}); // failures end the connection ('end' above)
  }

  #retry(): void {
    if (this.#closed) return;
    const delay = Math.min(this.#attempts++ * 50, MAX_RETRY_DELAY);
    this.#timer = setTimeout(() => this.#connect(), delay);
    this.#timer.unref();
  }

  #failure(why: string): ConnectionError {
    const last = this.#lastError instanceof Error ? `; last error: ${this.#lastError.message}` : '';
    return new ConnectionError(
      `bus: could not connect to Redis at ${addressOf(this.#cluster)} (${why}${last}); check that the server runs at that address, or raise connectTimeout`,
      { tier: 'bus', cause: this.#lastError },
    );
  }
}
