/**
 * The printed tables: per run, one line per time bucket; per scenario, the
 * phases side by side with the baseline; per library, the acceptance.
 * @module
 */
import { formatRate, formatTable } from '@cache/bench';
import { acceptance } from './analysis.js';
import { BASELINE, PHASES, type BenchRow, type FaultTimes, type Library, type Plan, type Scenario } from './plan.js';

const ms = (value: number) => (Number.isFinite(value) ? (value < 10 ? value.toFixed(2) : value.toFixed(0)) : '—');
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

/** What happened to Redis in bucket [start, start + bucketMs). */
function eventIn(start: number, plan: Plan, scenario: Scenario | undefined, fault: FaultTimes | undefined): string {
  if (scenario === undefined || fault === undefined) return '';
  const within = (at: number) => at >= start && at < start + plan.bucketMs;
  const events: string[] = [];
  if (within(fault.faultAt)) events.push(scenario === 'kill' ? `SIGKILL at ${seconds(fault.faultAt)}` : `SIGSTOP at ${seconds(fault.faultAt)}`);
  if (within(fault.returnAt)) events.push(scenario === 'kill' ? `restarted (empty) at ${seconds(fault.returnAt)}` : `SIGCONT at ${seconds(fault.returnAt)}`);
  if (within(fault.returnAt + plan.settleMs)) events.push('after phase from the next row');
  return events.join('; ');
}

/** One line per bucket of one run. */
export function bucketTable(rows: readonly BenchRow[], title: string, plan: Plan, scenario: Scenario | undefined, fault: FaultTimes | undefined): string {
  const lines = rows
    .filter((r) => r.phase === 'second')
    .map((r) => {
      const start = (r.second ?? 0) * 1000;
      return [
        `${r.second ?? 0}`,
        formatRate(r.reqPerSec),
        ms(r.p50Ms),
        ms(r.p99Ms),
        String(r.errors),
        String(r.loaderCalls),
        String(r.staleReads ?? 0),
        eventIn(start, plan, scenario, fault),
      ];
    });
  return `${title}\n${formatTable(['t (s)', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'loader calls', 'stale reads', 'redis'], lines, new Set([0, 1, 2, 3, 4, 5, 6]))}`;
}

/** Phases of every library in one scenario, with ratios to the baseline's same phase. */
export function phaseTable(rows: readonly BenchRow[], libraries: readonly Library[]): string {
  const lines: string[][] = [];
  for (const library of libraries) {
    for (const phase of PHASES) {
      const r = rows.find((x) => x.library === library && x.phase === phase);
      const base = rows.find((x) => x.library === BASELINE && x.phase === phase);
      if (r === undefined) continue;
      lines.push([
        library,
        phase,
        formatRate(r.reqPerSec),
        base && library !== BASELINE && base.reqPerSec > 0 ? `${(r.reqPerSec / base.reqPerSec).toFixed(2)}×` : '',
        ms(r.p50Ms),
        ms(r.p99Ms),
        String(r.errors),
        String(r.loaderCalls),
        String(r.staleReads ?? 0),
        r.phase === 'after' && library !== BASELINE ? (r.recoverS === undefined ? 'never' : `${r.recoverS.toFixed(2)} s`) : '',
      ]);
    }
  }
  return formatTable(['library', 'phase', 'req/s', '× baseline', 'p50 ms', 'p99 ms', 'errors', 'loader calls', 'stale reads', 'recovered after'], lines, new Set([2, 3, 4, 5, 6, 7, 8, 9]));
}

/** Short column titles of the criteria of analysis.ts's acceptance(), in its order. */
const CRITERIA = ['during req/s ≥ 0.8× base', 'during p99 ≤ 1.5× base', 'errors = 0', 'unhandled rej. = 0', 'after req/s ≥ 0.8× before', 'after stale = 0'];

/** Issue 9's acceptance per library and scenario. */
export function acceptanceTable(rowsByScenario: ReadonlyMap<Scenario, readonly BenchRow[]>, libraries: readonly Library[]): string {
  const lines: string[][] = [];
  for (const [scenario, rows] of rowsByScenario) {
    for (const library of libraries) {
      if (library === BASELINE) continue;
      const criteria = acceptance(rows, library);
      if (criteria === undefined) continue;
      const passed = criteria.every((c) => c.pass);
      lines.push([scenario, library, ...criteria.map((c) => `${c.pass ? 'ok' : 'FAIL'} ${c.value}`), passed ? 'PASS' : 'FAIL']);
    }
  }
  return formatTable(['scenario', 'library', ...CRITERIA, 'verdict'], lines);
}
