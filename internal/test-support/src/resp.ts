import { connect } from 'node:net';

/** An error reply (`-ERR ...`) from the server. */
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RespError';
  }
}

export type RespValue = string | number | null | RespError | RespValue[];

export interface RedisCommandOptions {
  /** AUTH with this password first */
  password?: string;
  /** connect + reply timeout, default 2000 ms */
  timeoutMs?: number;
}

function encode(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

interface Parsed {
  value: RespValue;
  next: number;
}

/** Parses one RESP2 reply at `offset`; undefined when the buffer does not hold all of it yet. */
function parse(buf: Buffer, offset: number): Parsed | undefined {
  if (offset >= buf.length) return undefined;
  const lineEnd = buf.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: afterLine };
    case '-':
      return { value: new RespError(line), next: afterLine };
    case ':':
      return { value: Number(line), next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: afterLine };
      if (buf.length < afterLine + length + 2) return undefined;
      return { value: buf.toString('utf8', afterLine, afterLine + length), next: afterLine + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: afterLine };
      const items: RespValue[] = [];
      let next = afterLine;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/**
 * Sends several commands over one short-lived connection to 127.0.0.1:port and returns their
 * replies in order. Error replies are returned as {@link RespError} values, not thrown.
 * The socket is always destroyed before the promise settles.
 */
export function redisPipeline(
  port: number,
  commands: readonly (readonly string[])[],
  options: RedisCommandOptions = {},
): Promise<RespValue[]> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const all = options.password === undefined ? commands : [['AUTH', options.password], ...commands];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer: Buffer = Buffer.alloc(0);
    let offset = 0;
    const replies: RespValue[] = [];
    let settled = false;
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) {
        reject(error);
      } else {
        const results = options.password === undefined ? replies : replies.slice(1);
        const authReply = replies[0];
        if (options.password !== undefined && authReply instanceof RespError) {
          reject(authReply);
          return;
        }
        resolve(results);
      }
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`redis 127.0.0.1:${port}: no reply within ${timeoutMs} ms`)));
    socket.once('connect', () => socket.write(all.map(encode).join('')));
    socket.on('data', (chunk: Buffer) => {
      buffer = offset === buffer.length ? chunk : Buffer.concat([buffer.subarray(offset), chunk]);
      offset = 0;
      try {
        for (;;) {
          const parsed = parse(buffer, offset);
          if (parsed === undefined) break;
          replies.push(parsed.value);
          offset = parsed.next;
          if (replies.length === all.length) {
            finish(undefined);
            return;
          }
        }
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error(`redis 127.0.0.1:${port}: connection closed before all replies arrived`)));
  });
}

/**
 * Sends one command to 127.0.0.1:port over a short-lived connection (no client library needed).
 * Throws {@link RespError} for an error reply.
 */
export async function redisCommand(port: number, args: readonly string[], options: RedisCommandOptions = {}): Promise<RespValue> {
  const [reply] = await redisPipeline(port, [args], options);
  if (reply instanceof RespError) throw reply;
  return reply ?? null;
}
