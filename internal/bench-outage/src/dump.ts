/**
 * The per-run dump behind `OUTAGE_DUMP` (see the README): every request of
 * the timeline and the database's commit log, so one stale read can be
 * followed through the instances' answers (`explain.ts` reads it).
 * @module
 */
import type { Commit } from './database.js';

/**
 * One request: read or write, item id, write id (-1 for reads), the port of
 * the instance it went to, sent and done (ms from the timeline's start),
 * HTTP status (-1: no answer), and the version read or the failure.
 */
export type DumpRow = ['r' | 'w', number, number, number, number, number, number, number | string];

/** What one run's dump file holds. */
export interface Dump {
  t0: number;
  rows: DumpRow[];
  commits: Commit[];
  /** [write id, when its request ended] (absolute, like the commits' times). */
  ended: [number, number][];
}

/** The file prefix the dump goes to, or undefined when no dump was asked for. */
export const DUMP_PREFIX: string | undefined = process.env.OUTAGE_DUMP || undefined;
