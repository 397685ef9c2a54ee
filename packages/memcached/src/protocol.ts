/**
 * Memcached's meta protocol (memcached ≥ 1.6): the commands this tier
 * sends and a streaming parser of the replies. Every key travels base64
 * encoded (the `b` flag), so any key — spaces, newlines, any Unicode — is
 * one token on the wire and cannot inject a command.
 *
 * The parser is bounded: a reply line longer than {@link MAX_LINE} bytes, a
 * value larger than the configured limit, a malformed size or a reply
 * nobody asked for is a {@link ProtocolError}, and the connection that read
 * it is dropped (a stream out of step cannot be trusted again).
 * @module
 */

/** Longest reply line accepted (a meta reply line is a code and a few flags). */
export const MAX_LINE = 8 * 1024;

/** A reply the connection cannot make sense of: the connection is dropped. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(`memcached protocol error: ${message}`);
    this.name = 'ProtocolError';
  }
}

/** One reply: its code (`VA`, `HD`, `EN`, `NF`, `NS`, `EX`, `MN`, `OK`, `VERSION`, …), its flag tokens, and the value of a `VA`. */
export interface Reply {
  readonly code: string;
  readonly tokens: readonly string[];
  readonly data: Buffer | undefined;
}

/** Codes that report a failed command: the reply is an error for that command alone. */
const ERROR_CODES = new Set(['ERROR', 'CLIENT_ERROR', 'SERVER_ERROR']);

/** Whether `reply` reports a failed command. */
export function isErrorReply(reply: Reply): boolean {
  return ERROR_CODES.has(reply.code);
}

/** The flag token starting with `flag` (e.g. `f` in `f42`), without the flag; undefined when absent. */
export function flagOf(reply: Reply, flag: string): string | undefined {
  for (const token of reply.tokens) if (token[0] === flag) return token.slice(1);
  return undefined;
}

/** The wire form of a key: base64 of its bytes. */
export function wireKey(bytes: Buffer): string {
  return bytes.toString('base64');
}

/** A command as the socket takes it: ASCII text, or bytes when it carries a value. */
export type Command = string | Buffer;

/** `mg`: the value (`v`) and client flags (`f`). */
export function getCommand(key: string): Command {
  return `mg ${key} b v f\r\n`;
}

/**
 * `ms`: stores `data` with client flags `flags` and a server TTL of
 * `ttlSeconds` (0: none; memcached reads more than 30 days as a Unix time).
 */
export function setCommand(key: string, data: Buffer, flags: number, ttlSeconds: number): Buffer {
  const head = `ms ${key} ${data.length} b F${flags}${ttlSeconds > 0 ? ` T${ttlSeconds}` : ''}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), data, CRLF]);
}

/** `md`: deletes the key. */
export function deleteCommand(key: string): Command {
  return `md ${key} b\r\n`;
}

/** `version`: the health probe. */
export const VERSION_COMMAND: Command = 'version\r\n';
/** `flush_all`: empties the server. */
export const FLUSH_COMMAND: Command = 'flush_all\r\n';

const CRLF = Buffer.from('\r\n', 'latin1');
const SIZE = /^\d{1,10}$/;

/**
 * Splits a byte stream into replies. Push chunks in with {@link push}; it
 * returns the replies completed so far, or throws ProtocolError.
 */
export class ReplyParser {
  #buffer: Buffer = Buffer.alloc(0);
  /** The header of a `VA` whose data has not all arrived: its tokens and size. */
  #value: { tokens: string[]; size: number } | undefined;
  readonly #maxValue: number;

  /** @param maxValue the largest value accepted, bytes */
  constructor(maxValue: number) {
    this.#maxValue = maxValue;
  }

  /** Appends `chunk`; returns the replies it completed. */
  push(chunk: Buffer): Reply[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const replies: Reply[] = [];
    for (;;) {
      const value = this.#value;
      if (value !== undefined) {
        if (this.#buffer.length < value.size + 2) break;
        if (this.#buffer[value.size] !== 13 || this.#buffer[value.size + 1] !== 10) throw new ProtocolError('a value is not followed by \\r\\n');
        // A copy: a decoded Buffer value may be a view of these bytes, and must not keep a whole socket chunk alive.
        replies.push({ code: 'VA', tokens: value.tokens, data: Buffer.from(this.#buffer.subarray(0, value.size)) });
        this.#buffer = this.#buffer.subarray(value.size + 2);
        this.#value = undefined;
        continue;
      }
      const end = this.#buffer.indexOf(CRLF);
      if (end < 0) {
        if (this.#buffer.length > MAX_LINE) throw new ProtocolError(`a reply line is longer than ${MAX_LINE} bytes`);
        break;
      }
      if (end > MAX_LINE) throw new ProtocolError(`a reply line is longer than ${MAX_LINE} bytes`);
      const line = this.#buffer.toString('latin1', 0, end);
      this.#buffer = this.#buffer.subarray(end + 2);
      const space = line.indexOf(' ');
      const code = space < 0 ? line : line.slice(0, space);
      const rest = space < 0 ? '' : line.slice(space + 1);
      if (code === 'VA') {
        const [size = '', ...tokens] = rest.split(' ');
        if (!SIZE.test(size)) throw new ProtocolError(`bad value size ${JSON.stringify(size.slice(0, 32))}`);
        const bytes = Number(size);
        if (bytes > this.#maxValue) throw new ProtocolError(`a value of ${bytes} bytes is above the limit of ${this.#maxValue}`);
        this.#value = { tokens, size: bytes };
        continue;
      }
      if (code === '' || !/^[A-Z_]+$/.test(code)) throw new ProtocolError(`unexpected reply ${JSON.stringify(line.slice(0, 64))}`);
      replies.push({ code, tokens: ERROR_CODES.has(code) || code === 'VERSION' ? [rest] : rest === '' ? [] : rest.split(' '), data: undefined });
    }
    return replies;
  }

  /** Drops what was buffered (the connection closed). */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
    this.#value = undefined;
  }
}
