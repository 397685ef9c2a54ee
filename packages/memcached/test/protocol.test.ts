import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINE, ProtocolError, ReplyParser, deleteCommand, getCommand, setCommand, type Reply } from '../src/protocol.js';

const replies = (parser: ReplyParser, ...chunks: string[]) => chunks.flatMap((chunk) => parser.push(Buffer.from(chunk, 'latin1')));
const shape = (reply: Reply) => ({ code: reply.code, tokens: reply.tokens, data: reply.data?.toString('latin1') });

describe('ReplyParser', () => {
  it('reads every reply kind, whatever the chunking', () => {
    const stream = 'VA 5 f51713\r\nab\r\nc\r\nEN\r\nHD\r\nNF\r\nNS\r\nVA 0 f1\r\n\r\nVERSION 1.6.18\r\nOK\r\nSERVER_ERROR out of memory storing object\r\n';
    const expected = [
      { code: 'VA', tokens: ['f51713'], data: 'ab\r\nc' },
      { code: 'EN', tokens: [], data: undefined },
      { code: 'HD', tokens: [], data: undefined },
      { code: 'NF', tokens: [], data: undefined },
      { code: 'NS', tokens: [], data: undefined },
      { code: 'VA', tokens: ['f1'], data: '' },
      { code: 'VERSION', tokens: ['1.6.18'], data: undefined },
      { code: 'OK', tokens: [], data: undefined },
      { code: 'SERVER_ERROR', tokens: ['out of memory storing object'], data: undefined },
    ];
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const chunks = points.slice(1).map((end, i) => stream.slice(points[i], end));
        expect(replies(new ReplyParser(1024), ...chunks).map(shape)).toEqual(expected);
      }),
    );
  });

  it('refuses hostile streams with a ProtocolError instead of buffering without bound', () => {
    expect(() => replies(new ReplyParser(1024), 'x'.repeat(MAX_LINE + 1))).toThrow(ProtocolError);
    expect(() => replies(new ReplyParser(1024), 'VA 1025 f1\r\n')).toThrow(/above the limit of 1024/);
    expect(() => replies(new ReplyParser(1024), 'VA 99999999999 f1\r\n')).toThrow(/bad value size/);
    expect(() => replies(new ReplyParser(1024), 'VA -1 f1\r\n')).toThrow(/bad value size/);
    expect(() => replies(new ReplyParser(1024), 'VA 2 f1\r\nabcd')).toThrow(/not followed by/);
    expect(() => replies(new ReplyParser(1024), 'hello world\r\n')).toThrow(/unexpected reply/);
    expect(() => replies(new ReplyParser(1024), '\r\n')).toThrow(/unexpected reply/);
  });

  it('never throws anything but a ProtocolError on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const parser = new ReplyParser(256);
        try {
          for (const chunk of chunks) parser.push(Buffer.from(chunk));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });
});

describe('commands', () => {
  it('carry keys base64-encoded, so no key can add a token or a line', () => {
    const key = Buffer.from('a key\r\nmd victim\r\n', 'utf8').toString('base64');
    for (const command of [getCommand(key), deleteCommand(key), setCommand(key, Buffer.from('v'), 1, 0)]) {
      const head = command.toString('latin1').split('\r\n')[0]!;
      expect(head.split(' ')[1]).toBe(key);
      expect(head).toMatch(/^m[gsd] [A-Za-z0-9+/=]+ /);
    }
    expect(setCommand(key, Buffer.from('value'), 51713, 60).toString('latin1')).toBe(`ms ${key} 5 b F51713 T60\r\nvalue\r\n`);
    expect(setCommand(key, Buffer.from(''), 1, 0).toString('latin1')).toBe(`ms ${key} 0 b F1\r\n\r\n`);
  });
});
