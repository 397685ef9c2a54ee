/**
 * The acceptance grid of the default policy (issue 10): on every trace ×
 * size of a traces README, over N seeds,
 *
 * - mean ≥ best reference − 1 point,
 * - mean ≥ LRU − 1 point,
 * - min over seeds ≥ best reference − 2 points.
 *
 * One row per cell, judged here; the CLI replays and prints.
 * @module
 */
import { formatTable } from '../cli-support.js';
import { bestReference, type TraceReference } from './references.js';
import type { SeededHitRatio } from './replay.js';

/** Points below the best reference the mean may fall. */
export const MEAN_BELOW_BEST = 1;
/** Points below LRU the mean may fall. */
export const MEAN_BELOW_LRU = 1;
/** Points below the best reference the worst seed may fall. */
export const MIN_BELOW_BEST = 2;

/** One judged cell (percentages). */
export interface AcceptanceRow {
  trace: string;
  size: number;
  /** The default policy's name. */
  policy: string;
  seeds: number;
  /** Mean, min and max hit ratio over the seeds, %. */
  mean: number;
  min: number;
  max: number;
  /** The README's best reference and the policy that reached it. */
  best: number;
  bestPolicy: string;
  /** The README's LRU column, % (NaN when it has none). */
  lru: number;
  /** Our `lru` policy on the same trace, % (it should equal the README's LRU). */
  lruReplayed: number;
  /** The three criteria, and all of them. */
  meanVsBest: boolean;
  meanVsLru: boolean;
  minVsBest: boolean;
  pass: boolean;
}

/** Judges one cell: `ratio` is the default policy over the seeds, `lruReplayed` our lru (both in [0, 1]). */
export function judge(reference: TraceReference, policy: string, ratio: SeededHitRatio, lruReplayed: number): AcceptanceRow {
  const best = bestReference(reference);
  const lru = reference.policies.lru ?? Number.NaN;
  const mean = ratio.mean * 100;
  const min = ratio.min * 100;
  const meanVsBest = mean >= best.hitRatio - MEAN_BELOW_BEST;
  // Without an LRU column, judge against our own lru policy (equal to the reference LRU where both exist).
  const meanVsLru = mean >= (Number.isNaN(lru) ? lruReplayed * 100 : lru) - MEAN_BELOW_LRU;
  const minVsBest = min >= best.hitRatio - MIN_BELOW_BEST;
  return {
    trace: reference.trace,
    size: reference.size,
    policy,
    seeds: ratio.runs,
    mean,
    min,
    max: ratio.max * 100,
    best: best.hitRatio,
    bestPolicy: best.policy,
    lru,
    lruReplayed: lruReplayed * 100,
    meanVsBest,
    meanVsLru,
    minVsBest,
    pass: meanVsBest && meanVsLru && minVsBest,
  };
}

const fixed = (value: number) => (Number.isNaN(value) ? '' : value.toFixed(2));
const mark = (ok: boolean) => (ok ? 'ok' : 'FAIL');

/** The grid as a text table plus a one-line summary. */
export function formatAcceptance(rows: readonly AcceptanceRow[]): string {
  const header = [
    'trace',
    'size',
    'mean',
    'min',
    'best ref',
    'lru (ref)',
    'lru (ours)',
    `mean ≥ best−${MEAN_BELOW_BEST}`,
    `mean ≥ lru−${MEAN_BELOW_LRU}`,
    `min ≥ best−${MIN_BELOW_BEST}`,
    'cell',
  ];
  const body = rows.map((r) => [
    r.trace,
    String(r.size),
    fixed(r.mean),
    fixed(r.min),
    `${fixed(r.best)} (${r.bestPolicy})`,
    fixed(r.lru),
    fixed(r.lruReplayed),
    mark(r.meanVsBest),
    mark(r.meanVsLru),
    mark(r.minVsBest),
    r.pass ? 'pass' : 'FAIL',
  ]);
  const passed = rows.filter((r) => r.pass).length;
  const seeds = rows[0]?.seeds ?? 0;
  const summary = `${passed} of ${rows.length} cells pass (default policy ${rows[0]?.policy ?? ''}, mean and min over ${seeds} seeds)`;
  return `${formatTable(header, body, new Set([1, 2, 3, 5, 6]))}\n\n${summary}`;
}
