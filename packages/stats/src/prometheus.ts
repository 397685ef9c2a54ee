/**
 * Prometheus text exposition (format 0.0.4) of tier stats and latency
 * histograms: counters `_total`, gauges, histograms (`_bucket{le}`, `_sum`,
 * `_count`), labelled `cache` and `level` (and `operation`, `outcome` for
 * latencies). Output is sorted (families by name, series by labels), so it is
 * stable between scrapes. Keys and values never appear in it.
 * Spec: https://prometheus.io/docs/instrumenting/exposition_formats/
 * @module
 */
import { InvalidArgumentError, InvalidOptionError, assertKnownOptions, assertReadableOptions, describeValue } from '@cache/core';
import type { MultiLevelAggregate } from './aggregate.js';
import type { OperationLatency } from './latency-recorder.js';
import { CIRCUIT_SERIES, CIRCUIT_STATES, OPERATION_DURATION, SOURCE_SERIES, type MetricsSource } from './series.js';

export type { MetricsSource } from './series.js';

/** The Content-Type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The default metric name prefix. */
export const DEFAULT_PREFIX = 'cache_';

/** Default latency bucket bounds, in seconds: 1 µs to 10 s in 1–2.5–5 steps. */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  5, 10,
]);

/** Options of {@link toPrometheus}. */
export interface PrometheusOptions {
  /**
   * Prepended to every metric name; must make valid names
   * (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
   * @default DEFAULT_PREFIX (`cache_`)
   */
  prefix?: string;
  /**
   * Upper bounds (`le`) of the latency buckets, in seconds, ascending; `+Inf`
   * is always added.
   * @default DEFAULT_LATENCY_BUCKETS
   */
  buckets?: readonly number[];
  /** Labels added to every series (e.g. `{ service: 'api' }`). @default {} */
  labels?: Readonly<Record<string, string>>;
}

type Labels = readonly (readonly [string, string])[];
interface Series {
  labels: Labels;
  /** Lines of the series, as [name suffix, extra labels, value]. */
  samples: [string, Labels, number][];
}
interface Family {
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  series: Series[];
}

const LATENCY = [OPERATION_DURATION.name, OPERATION_DURATION.help] as const;
const PROMETHEUS_OPTIONS: ReadonlySet<string> = new Set(['prefix', 'buckets', 'labels']);
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABELS = new Set(['cache', 'level', 'operation', 'outcome', 'le', 'state']);

/**
 * Renders stats and latency histograms in the Prometheus text format 0.0.4.
 * One source per tier (or per level, with `level` set); see
 * {@link levelSources} for a tiered cache.
 * @throws InvalidOptionError for a bad prefix, bucket list or constant label
 * @throws InvalidArgumentError when two sources would make the same series
 */
export function toPrometheus(sources: MetricsSource | readonly MetricsSource[], options: PrometheusOptions = {}): string {
  const { prefix, bucketsNs, bucketLabels, constant } = parseOptions(options);
  const families = new Map<string, Family>();
  const add = (name: string, type: Family['type'], help: string, series: Series) => {
    let family = families.get(prefix + name);
    if (family === undefined) families.set(prefix + name, (family = { type, help, series: [] }));
    family.series.push(series);
  };
  const list = Array.isArray(sources) ? (sources as readonly MetricsSource[]) : [sources as MetricsSource];
  list.forEach((source, i) => typeof source === 'object' && source !== null && assertReadableOptions(source, 'metrics source', `sources[${i}].`, 'argument'));
  for (const source of list) {
    const labels = sourceLabels(source, constant);
    for (const { name, kind, help, read } of SOURCE_SERIES) {
      const value = read(source);
      if (value !== undefined) add(kind === 'counter' ? `${name}_total` : name, kind, help, { labels, samples: [['', [], value]] });
    }
    const { latencies = [], circuitState } = source;
    if (circuitState !== undefined) {
      for (const state of CIRCUIT_STATES) add(CIRCUIT_SERIES.name, 'gauge', CIRCUIT_SERIES.help, { labels: [...labels, ['state', state]], samples: [['', [], state === circuitState ? 1 : 0]] });
    }
    for (const { operation, outcome, histogram } of latencies) {
      const counts = histogram.cumulativeCounts(bucketsNs);
      const samples: Series['samples'] = counts.map((count, i) => ['_bucket', [['le', bucketLabels[i]!]], count]);
      samples.push(['_bucket', [['le', '+Inf']], histogram.count], ['_sum', [], histogram.sum / 1e9], ['_count', [], histogram.count]);
      add(LATENCY[0], 'histogram', LATENCY[1], { labels: [...labels, ['operation', operation], ['outcome', outcome]], samples });
    }
  }
  let out = '';
  for (const name of [...families.keys()].sort()) {
    const family = families.get(name)!;
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.type}\n`;
    const keyed = family.series.map((series) => [labelKey(series.labels), series] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    keyed.forEach(([key, series], i) => {
      if (i > 0 && keyed[i - 1]![0] === key) throw new InvalidArgumentError('sources', `two sources make the same ${name} series {${renderLabels(series.labels)}}; give them distinct cache or level names`);
      for (const [suffix, extra, value] of series.samples) out += `${name}${suffix}{${renderLabels([...series.labels, ...extra])}} ${formatValue(value)}\n`;
    });
  }
  return out;
}

/**
 * Validated latency bucket bounds (seconds): `buckets`, or
 * {@link DEFAULT_LATENCY_BUCKETS} when unset.
 * @throws InvalidOptionError (option `buckets`) unless finite seconds ≥ 0 in strictly ascending order
 */
export function parseLatencyBuckets(buckets: readonly number[] = DEFAULT_LATENCY_BUCKETS): readonly number[] {
  if (!Array.isArray(buckets) || buckets.some((b, i) => typeof b !== 'number' || !Number.isFinite(b) || b < 0 || (i > 0 && b <= buckets[i - 1]!))) {
    throw new InvalidOptionError('buckets', `buckets must be finite seconds ≥ 0 in strictly ascending order (+Inf is added; got ${describeValue(buckets)})`);
  }
  return buckets;
}

/** One {@link MetricsSource} per level of an {@link aggregate} result, labelled `level`. */
export function levelSources(cache: string, aggregated: MultiLevelAggregate, latencies: Readonly<Record<string, readonly OperationLatency[]>> = {}): MetricsSource[] {
  return aggregated.levels.map(({ name, stats }) => ({ cache, level: name, stats, latencies: latencies[name] ?? [] }));
}

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  if (typeof value !== 'string') throw new InvalidArgumentError('value', `a label value must be a string (got ${describeValue(value)}); convert it with String() first`);
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** A sample value as Prometheus reads it (Go's ParseFloat, with +Inf, -Inf and NaN). */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function renderLabels(labels: Labels): string {
  return labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
}

function labelKey(labels: Labels): string {
  return JSON.stringify(labels);
}

function sourceLabels(source: MetricsSource, constant: Labels): Labels {
  if (typeof source !== 'object' || source === null || typeof source.cache !== 'string') {
    throw new InvalidArgumentError('sources', `every source needs a cache name (got ${describeValue(source)})`);
  }
  if (source.level !== undefined && typeof source.level !== 'string') {
    throw new InvalidArgumentError('sources', `a source's level must be a string (got ${describeValue(source.level)})`);
  }
  const labels: [string, string][] = [['cache', source.cache]];
  if (source.level !== undefined) labels.push(['level', source.level]);
  return [...constant, ...labels].sort(([a], [b]) => (a < b ? -1 : 1));
}

function parseOptions(options: PrometheusOptions) {
  assertKnownOptions(options, PROMETHEUS_OPTIONS, 'toPrometheus');
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME.test(prefix))) {
    throw new InvalidOptionError('prefix', `prefix must match [a-zA-Z_:][a-zA-Z0-9_:]* (got ${describeValue(prefix)})`);
  }
  const buckets = parseLatencyBuckets(options.buckets);
  const constant: [string, string][] = Object.entries(options.labels ?? {});
  for (const [name, value] of constant) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || RESERVED_LABELS.has(name)) {
      throw new InvalidOptionError('labels', `label "${name}" is not allowed: names match [a-zA-Z_][a-zA-Z0-9_]*, do not start with __, and are not cache, level, operation, outcome, le or state`);
    }
    if (typeof value !== 'string') throw new InvalidOptionError('labels', `label "${name}" must have a string value (got ${describeValue(value)})`);
  }
  return {
    prefix,
    bucketsNs: buckets.map((seconds: number) => seconds * 1e9),
    bucketLabels: buckets.map((seconds: number) => formatValue(seconds)),
    constant,
  };
}
