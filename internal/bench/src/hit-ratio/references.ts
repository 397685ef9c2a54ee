/**
 * The reference hit ratios of a traces directory, read from the "Reference
 * hit ratios" table of its `README.md` (the shared traces' README, measured
 * with an independent simulator): they pick the sizes of the trace suite and
 * give the "best reference" and LRU lines the default policy is judged by.
 *
 * The table is read by its header, not by column position: a `trace` and a
 * `size` column, an `opt` column, a `best reference` column (`33.88
 * (w-tinylfu 20%)`), and one column per reference policy (`lru`, `arc`, …).
 * A held-back traces directory with a README of the same shape works as is.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reference hit ratios (%) of one trace at one size. */
export interface TraceReference {
  /** Trace name (file name without `.keys.gz`). */
  readonly trace: string;
  /** The trace file inside the traces directory. */
  readonly file: string;
  /** Cache size in entries. */
  readonly size: number;
  /** Belady's optimum, % (NaN when the table has no `opt` column). */
  readonly opt: number;
  /** Policy → hit ratio %, every reference column of the table. */
  readonly policies: Readonly<Record<string, number>>;
  /**
   * The table's `best reference` cell, when it has one: it may name a policy
   * without a column of its own (`68.62 (lfu)`).
   */
  readonly best?: { readonly policy: string; readonly hitRatio: number };
}

/** Parses `| a | b |` into trimmed cells. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/**
 * The rows of the first markdown table whose header has `trace` and `size`
 * columns; `file` is `<trace>.keys.gz`. Malformed rows are skipped.
 */
export function parseReferences(markdown: string): TraceReference[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => {
    const header = cells(line);
    return line.trimStart().startsWith('|') && header[0] === 'trace' && header[1] === 'size';
  });
  if (start < 0) return [];
  const header = cells(lines[start]!);
  const references: TraceReference[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trimStart().startsWith('|')) break;
    const row = cells(line);
    const trace = row[0] ?? '';
    const size = Number(row[1]);
    if (trace === '' || !Number.isInteger(size) || size <= 0) continue;
    const policies: Record<string, number> = {};
    let opt = Number.NaN;
    let best: TraceReference['best'];
    for (let i = 2; i < header.length; i++) {
      const value = Number.parseFloat(row[i] ?? '');
      if (!Number.isFinite(value)) continue;
      if (header[i] === 'opt') opt = value;
      else if (header[i] === 'best reference') best = { hitRatio: value, policy: /\((.*)\)/.exec(row[i]!)?.[1] ?? '' };
      else policies[header[i]!] = value;
    }
    references.push({ trace, file: `${trace}.keys.gz`, size, opt, policies, ...(best === undefined ? {} : { best }) });
  }
  return references;
}

/** The reference rows of `<dir>/README.md`; empty when there is no README or no table. */
export function loadReferences(dir: string): TraceReference[] {
  const path = join(dir, 'README.md');
  return existsSync(path) ? parseReferences(readFileSync(path, 'utf8')) : [];
}

/** The reference row of `trace` at `size`, if there is one. */
export function findReference(references: readonly TraceReference[], trace: string, size: number): TraceReference | undefined {
  return references.find((r) => r.trace === trace && r.size === size);
}

/** The sizes listed for `trace` (empty when it has no rows). */
export function referenceSizes(references: readonly TraceReference[], trace: string): number[] {
  return references.filter((r) => r.trace === trace).map((r) => r.size);
}

/** The best reference ratio (%) and the policy that reached it: the `best reference` cell, else the best column (`opt` is not a policy). */
export function bestReference(reference: TraceReference): { policy: string; hitRatio: number } {
  if (reference.best !== undefined) return reference.best;
  let best = { policy: '', hitRatio: -1 };
  for (const [policy, hitRatio] of Object.entries(reference.policies)) {
    if (hitRatio > best.hitRatio) best = { policy, hitRatio };
  }
  return best;
}
