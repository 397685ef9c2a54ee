/**
 * `node dist/explain.js DUMP.json [--from MS] [--grace MS] [--items N]`:
 * the stale reads of one `OUTAGE_DUMP` run, explained. For each stale read
 * (the oracle's rule, oracle.ts), how long after the first write that
 * replaced its version it was sent; then, for the items with the most
 * stale reads, their timeline around the first one: which instance answered
 * which version, and each write (its version, set or delete, instance and
 * status). Prints to stdout (a bench tool).
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Dump, DumpRow } from './dump.js';
import { versionOracle } from './oracle.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, grace: { type: 'string' }, items: { type: 'string' } },
});
if (positionals.length !== 1) {
  console.error('usage: node dist/explain.js DUMP.json [--from MS] [--grace MS] [--items N]');
  process.exit(2);
}
const from = Number(values.from ?? 0);
const grace = Number(values.grace ?? 250);
const items = Number(values.items ?? 3);
const dump = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Dump;
const oracle = versionOracle(new Map(dump.ended), dump.commits);
const versionOf = new Map(dump.commits.map(([, v, , write]) => [write, v]));

const stale: { row: DumpRow; lag: number }[] = [];
for (const row of dump.rows) {
  const [kind, id, , , sent, , , version] = row;
  if (kind !== 'r' || typeof version !== 'number' || sent < from) continue;
  if (oracle.newestDone(id, dump.t0 + sent - grace) <= version) continue;
  stale.push({ row, lag: dump.t0 + sent - oracle.firstDoneAbove(id, version)! });
}
console.log(`${stale.length} stale reads sent from ${from} ms (grace ${grace} ms)`);
if (stale.length === 0) process.exit(0);
const lags = stale.map((s) => s.lag).sort((a, b) => a - b);
console.log(`sent after the write that replaced their version: min ${lags[0]!.toFixed(0)} ms, median ${lags[lags.length >> 1]!.toFixed(0)} ms, max ${lags.at(-1)!.toFixed(0)} ms`);

const perItem = new Map<number, { count: number; first: number }>();
for (const { row } of stale) {
  const seen = perItem.get(row[1]) ?? { count: 0, first: row[4] };
  seen.count++;
  perItem.set(row[1], seen);
}
for (const [id, { count, first }] of [...perItem].sort((a, b) => b[1].count - a[1].count).slice(0, items)) {
  console.log(`\nitem ${id}: ${count} stale reads, the first sent at ${first.toFixed(0)} ms; its requests from 2 s before:`);
  let line = '';
  let last = '';
  for (const [kind, rowId, write, port, sent, done, status, outcome] of dump.rows) {
    if (rowId !== id || sent < first - 2000 || sent > first + 2000) continue;
    if (kind === 'w') {
      const v = versionOf.get(write);
      line += `\n  write v${v ?? '?'} (${v === undefined ? 'not committed' : v % 2 ? 'delete' : 'set'}) via :${port} ${sent.toFixed(0)}–${done.toFixed(0)} ms, status ${status}\n `;
      last = '';
    } else {
      const answer = `:${port} v${String(outcome)}`;
      if (answer !== last) line += ` ${answer}@${sent.toFixed(0)}`;
      last = answer;
    }
  }
  console.log(line);
}
