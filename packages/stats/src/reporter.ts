/**
 * Periodic reporters: collect a snapshot every interval and hand it to a
 * `report` function (a log line, a push to a metrics gateway, a file). The
 * timer never keeps the process alive, a slow report never overlaps the next,
 * and failures go to `onError`, never to the console.
 * @module
 */
import { InvalidOptionError, MAX_TIMER_DELAY, assertKnownOptions, describeValue, parseDuration, type Duration } from '@cache/core';

const REPORTER_OPTIONS: ReadonlySet<string> = new Set(['interval', 'collect', 'report', 'onError', 'immediate']);

/** Options of {@link startReporter}. */
export interface ReporterOptions<T> {
  /** Time between reports: milliseconds or a string like `'30s'`; must be > 0. */
  interval: Duration;
  /** Makes the snapshot to report (e.g. `() => toPrometheus(...)` or `() => tier.stats()`). */
  collect: () => T | Promise<T>;
  /** Receives each snapshot. A returned promise is awaited before the next report may start. */
  report: (snapshot: T) => void | Promise<void>;
  /**
   * Receives what `collect` or `report` threw or rejected with; the reporter
   * keeps running. Required: errors are never printed nor swallowed. It
   * must not throw itself (what it throws becomes an unhandled rejection).
   */
  onError: (error: unknown) => void;
  /** Also report once right away. @default false */
  immediate?: boolean;
}

/** A running reporter. */
export interface Reporter {
  /** True until `stop()`. */
  readonly running: boolean;
  /** Reports delivered (report returned or resolved). */
  readonly reports: number;
  /** Ticks skipped because the previous report had not finished. */
  readonly skipped: number;
  /**
   * Reports now (after the one in flight, if any), also after `stop()` (for a
   * last report at shutdown). Resolves when done; never rejects (errors go
   * to `onError`).
   */
  flush(): Promise<void>;
  /** Stops the timer. Idempotent; a report in flight still completes. */
  stop(): void;
}

/**
 * Calls `report(await collect())` every `interval` on an unref'd timer.
 * @throws InvalidOptionError for a bad interval or missing functions
 */
export function startReporter<T>(options: ReporterOptions<T>): Reporter {
  assertKnownOptions(options, REPORTER_OPTIONS, 'startReporter');
  const interval = parseDuration(options?.interval, 'interval', { allowZero: false, allowInfinity: false, max: MAX_TIMER_DELAY });
  for (const name of ['collect', 'report', 'onError'] as const) {
    if (typeof options[name] !== 'function') throw new InvalidOptionError(name, `${name} must be a function (got ${describeValue(options[name])})`);
  }
  const { collect, report, onError } = options;
  let running = true;
  let reports = 0;
  let skipped = 0;
  let inFlight: Promise<void> | undefined;

  const once = async () => {
    try {
      await report(await collect());
      reports++;
    } catch (error) {
      onError(error);
    }
  };
  const start = () => {
    inFlight = once().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    if (inFlight !== undefined) skipped++;
    else void start();
  }, interval);
  timer.unref();
  if (options.immediate === true) void start();

  return {
    get running() {
      return running;
    },
    get reports() {
      return reports;
    },
    get skipped() {
      return skipped;
    },
    flush: async () => {
      while (inFlight !== undefined) await inFlight;
      await start();
    },
    stop: () => {
      if (!running) return;
      running = false;
      clearInterval(timer);
    },
  };
}
