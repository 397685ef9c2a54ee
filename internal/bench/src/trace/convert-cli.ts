/**
 * `pnpm bench:convert-trace`: converts a trace from another simulator's
 * format (see `convert.ts`) into a `.keys.gz` that `pnpm bench:hit-ratio
 * --trace` reads. Run with `--help`.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCommandLine, positiveIntegers, runMain, UsageError, userPath } from '../cli-support.js';
import { convertTrace, TRACE_FORMAT_HELP, TRACE_FORMATS, TraceFormatError, traceBytes, type TraceFormat } from './convert.js';

const HELP = `pnpm bench:convert-trace --format F --in FILE --out FILE.keys.gz

Converts an access trace into this benchmark's format (one key per line, gzip),
for replaying traces outside the shared set with pnpm bench:hit-ratio --trace.

  --format F     the input's format:
${TRACE_FORMATS.map((format) => `                   ${format.padEnd(8)} ${TRACE_FORMAT_HELP[format]}`).join('\n')}
  --in FILE      the input, plain or gzip; - reads standard input (xz: pipe it
                 through xz -dc, e.g. xz -dc orm-busy.trace.xz | … --in -)
  --out FILE     where to write the .keys.gz (never commit traces)
  --limit N      keep only the first N requests (the shared set's ARC traces
                 are the first 4,000,000 of theirs)
  -h, --help     this text`;

async function main(): Promise<number> {
  const values = parseCommandLine(
    {
      format: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === undefined) return 0;
  const format = values.format as TraceFormat | undefined;
  if (format === undefined || !TRACE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${TRACE_FORMATS.join(', ')} (got ${values.format ?? 'nothing'})`);
  if (values.in === undefined) throw new UsageError('--in FILE (or - for standard input) is required');
  if (values.out === undefined) throw new UsageError('--out FILE is required');
  const limit = positiveIntegers(values.limit, '--limit')[0] ?? Infinity;
  const input = values.in === '-' ? readFileSync(0) : readFileSync(userPath(values.in));
  let keys: string[];
  try {
    keys = convertTrace(input, format);
    if (keys.length > limit) keys.length = limit;
  } catch (error) {
    if (error instanceof TraceFormatError) throw new UsageError(error.message);
    throw error;
  }
  const path = userPath(values.out);
  writeFileSync(path, traceBytes(keys));
  process.stderr.write(`wrote ${keys.length} requests, ${new Set(keys).size} distinct keys, to ${path}\n`);
  return 0;
}

runMain(main);
