/**
 * One connection to one memcached server: commands are written in the order
 * they are sent and replies matched to them first in, first out (the meta
 * protocol answers in order). It reconnects on its own, with a growing
 * pause (the pause keeps the process alive only while a caller waits for
 * the connection), and never re-sends a command that was written
 * before a disconnect: those fail, so a call reported failed cannot take
 * effect on a later connection. Commands sent while disconnected wait
 * (the tier's offline bound limits how many) and are written on reconnect
 * unless their caller gave up first ({@link Pending.abandon}).
 * @module
 */
import { connect, type Socket } from 'node:net';
import { ProtocolError, ReplyParser, type Command, type Reply } from './protocol.js';

/** Where a connection stands: `ready` while commands can be written. */
export type ConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** A command in flight. */
export interface Pending {
  /** Settles with the reply, or rejects when the connection drops or closes first. */
  readonly reply: Promise<Reply>;
  /** The caller gave up (its deadline passed): never write it if unwritten; drop its reply. */
  abandon(): void;
  /** Whether the command has been handed to the socket (a server may run it). */
  readonly written: boolean;
}

/** Settings of a {@link MemcachedConnection}. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  /** Limit of one connect attempt, ms. */
  readonly connectTimeout: number;
  /** Longest pause between reconnect attempts, ms. */
  readonly maxReconnectDelay: number;
  /** Largest value a reply may carry, bytes. */
  readonly maxValue: number;
  /** Called on each change of status. */
  readonly onStatus: (status: ConnectionStatus) => void;
  /** Called with what broke the connection (socket error, protocol error). */
  readonly onError: (error: Error) => void;
}

/** A command and its caller's promise: the {@link Pending} the connection hands out. */
class Entry implements Pending {
  readonly command: Command;
  readonly reply: Promise<Reply>;
  resolve!: (reply: Reply) => void;
  reject!: (error: Error) => void;
  abandoned = false;
  written = false;

  constructor(command: Command) {
    this.command = command;
    this.reply = new Promise<Reply>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  abandon(): void {
    this.abandoned = true;
  }
}

const FIRST_RECONNECT_DELAY = 50;

/** An error carrying a Node-style code (`E…`), which the failure kit reads as an outage. */
function connectionError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A connection to one server (see the module doc). */
export class MemcachedConnection {
  readonly address: string;
  readonly #settings: ConnectionSettings;
  readonly #parser: ReplyParser;
  #socket: Socket | undefined;
  #status: ConnectionStatus = 'connecting';
  /** Written, awaiting their replies, oldest first. */
  #written: Entry[] = [];
  #head = 0;
  /** Sent while not ready: written on connect. */
  #unsent: Entry[] = [];
  #retryDelay = FIRST_RECONNECT_DELAY;
  #retryTimer: NodeJS.Timeout | undefined;
  #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #lastError: Error | undefined;
  /** Whether the socket is corked until the next tick (see `#write`). */
  #corked = false;
  /** When the server last answered, or when a command was written with none outstanding (see `stalledFor`). */
  #progressAt = 0;

  constructor(settings: ConnectionSettings) {
    this.#settings = settings;
    this.address = `${settings.host}:${settings.port}`;
    this.#parser = new ReplyParser(settings.maxValue);
    this.#open();
  }

  /** `ready` while connected. */
  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Bytes handed to the socket that the kernel has not taken yet (a server that stopped reading leaves them here). */
  get backlog(): number {
    return this.#socket?.writableLength ?? 0;
  }

  /**
   * How long (ms) the server has left written commands unanswered: since its
   * last reply, or since the first of them was written if that is later; 0
   * when none is outstanding.
   */
  stalledFor(now = performance.now()): number {
    return this.#head < this.#written.length ? now - this.#progressAt : 0;
  }

  /** Commands written and not yet answered (abandoned ones included). */
  get inFlight(): number {
    return this.#written.length - this.#head;
  }

  /** Writes `command` now, or when the connection is next ready. */
  send(command: Command): Pending {
    const entry = new Entry(command);
    this.#enqueue([entry]);
    return entry;
  }

  /** Writes `commands` in one write (a pipeline); one {@link Pending} each, in order. */
  sendAll(commands: readonly Command[]): Pending[] {
    const entries = commands.map((command) => new Entry(command));
    this.#enqueue(entries);
    return entries;
  }

  #enqueue(entries: Entry[]): void {
    if (this.#status === 'ready') {
      this.#write(entries);
    } else if (this.#status === 'closed') {
      for (const entry of entries) this.#fail(entry, connectionError(`the connection to memcached at ${this.address} is closed`, 'ECONNCLOSED'));
    } else {
      // callers that gave up while the server was away leave their entries behind: drop them now and then
      if (this.#unsent.length >= 64) this.#unsent = this.#unsent.filter((entry) => !entry.abandoned);
      this.#unsent.push(...entries);
      this.#retryTimer?.ref(); // a caller waits now (see `#closed`)
    }
  }

  /** Resolves once connected; rejects with the last connect error after `timeout` ms. */
  ready(timeout: number): Promise<void> {
    if (this.#status === 'ready') return Promise.resolve();
    if (this.#status === 'closed') return Promise.reject(connectionError(`the connection to memcached at ${this.address} is closed`, 'ECONNCLOSED'));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        const cause = this.#lastError === undefined ? '' : ` (${this.#lastError.message})`;
        reject(connectionError(`could not connect to memcached at ${this.address} within ${timeout} ms${cause}`, 'ETIMEDOUT'));
      }, timeout);
      timer.unref();
      this.#waiters.push(waiter);
      this.#retryTimer?.ref(); // a caller waits now (see `#closed`)
    });
  }

  /** Drops the connection now (a reply out of step); it reconnects. */
  reset(error: Error): void {
    this.#socket?.destroy(error);
  }

  /** Closes for good: unanswered and unsent commands fail; no reconnect. */
  close(): void {
    if (this.#status === 'closed') return;
    this.#setStatus('closed');
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    const error = connectionError(`the connection to memcached at ${this.address} was closed`, 'ECONNCLOSED');
    this.#failWritten(error);
    const unsent = this.#unsent;
    this.#unsent = [];
    for (const entry of unsent) this.#fail(entry, error);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }

  #open(): void {
    const { host, port, connectTimeout } = this.#settings;
    const socket = connect({ host, port, noDelay: true, keepAlive: true });
    this.#socket = socket;
    socket.setTimeout(connectTimeout, () => socket.destroy(connectionError(`connect to memcached at ${this.address} timed out after ${connectTimeout} ms`, 'ETIMEDOUT')));
    socket.once('connect', () => {
      socket.setTimeout(0);
      this.#retryDelay = FIRST_RECONNECT_DELAY;
      this.#lastError = undefined;
      this.#setStatus('ready');
      const unsent = this.#unsent.filter((entry) => !entry.abandoned);
      this.#unsent = [];
      if (unsent.length > 0) this.#write(unsent);
      for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    });
    socket.on('data', (chunk: Buffer) => this.#read(socket, chunk));
    socket.on('error', (error) => {
      this.#lastError = error;
      this.#settings.onError(error);
    });
    socket.once('close', () => this.#closed(socket));
  }

  /**
   * Hands `entries` to the socket. Commands written in one tick leave in one
   * write (the socket is corked until the next tick): concurrent calls are
   * pipelined without a system call each.
   */
  #write(entries: Entry[]): void {
    const socket = this.#socket!;
    if (!this.#corked) {
      this.#corked = true;
      socket.cork();
      process.nextTick(() => {
        this.#corked = false;
        socket.uncork();
      });
    }
    if (this.#head === this.#written.length) this.#progressAt = performance.now();
    for (const entry of entries) {
      entry.written = true;
      this.#written.push(entry);
      if (typeof entry.command === 'string') socket.write(entry.command, 'latin1');
      else socket.write(entry.command);
    }
  }

  #read(socket: Socket, chunk: Buffer): void {
    if (socket !== this.#socket) return;
    this.#progressAt = performance.now();
    let replies: Reply[];
    try {
      replies = this.#parser.push(chunk);
    } catch (error) {
      this.#settings.onError(error as Error);
      socket.destroy(error as Error);
      return;
    }
    for (const reply of replies) {
      if (this.#head >= this.#written.length) {
        const error = new ProtocolError(`a reply nobody asked for (${reply.code})`);
        this.#settings.onError(error);
        socket.destroy(error);
        return;
      }
      const entry = this.#written[this.#head++]!;
      if (!entry.abandoned) entry.resolve(reply);
    }
    if (this.#head === this.#written.length) {
      this.#written = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#written.length) {
      this.#written = this.#written.slice(this.#head);
      this.#head = 0;
    }
  }

  #closed(socket: Socket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#parser.reset();
    this.#failWritten(connectionError(`the connection to memcached at ${this.address} was lost${this.#lastError === undefined ? '' : ` (${this.#lastError.message})`}`, 'ECONNRESET'));
    if (this.#status === 'closed') return;
    this.#setStatus('reconnecting');
    const delay = this.#retryDelay;
    this.#retryDelay = Math.min(this.#retryDelay * 2, this.#settings.maxReconnectDelay);
    this.#retryTimer = setTimeout(() => {
      if (this.#status !== 'closed') this.#open();
    }, delay);
    // Only a caller waiting for this connection keeps the process alive (until its deadline); an idle one never does.
    if (!this.#awaited()) this.#retryTimer.unref();
  }

  /** Whether someone waits for this connection: `ready()`, or a command not given up yet. */
  #awaited(): boolean {
    return this.#waiters.length > 0 || this.#unsent.some((entry) => !entry.abandoned);
  }

  #failWritten(error: Error): void {
    const written = this.#written;
    const head = this.#head;
    this.#written = [];
    this.#head = 0;
    for (let i = head; i < written.length; i++) this.#fail(written[i]!, error);
  }

  #fail(entry: Entry, error: Error): void {
    if (!entry.abandoned) entry.reject(error);
  }

  #setStatus(status: ConnectionStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#settings.onStatus(status);
  }
}
