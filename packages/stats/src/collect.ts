/**
 * The Prometheus exposition as `{ contentType, body }`, for any HTTP
 * framework: node:http, Fastify, Express, Koa, Hono… each sets the header
 * and sends the body its own way.
 * @module
 */
import { PROMETHEUS_CONTENT_TYPE, toPrometheus, type PrometheusOptions } from './prometheus.js';
import type { MetricsSource } from './series.js';

/** What is collected: ready text, or sources for {@link toPrometheus}. */
export type Collected = string | MetricsSource | readonly MetricsSource[];

/** What a metrics endpoint serves: ready text or sources, or a function that returns them (called at every scrape). */
export type MetricsCollector = () => Collected | Promise<Collected>;

/** A response body and its Content-Type. */
export interface Exposition {
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  readonly contentType: string;
  /** The text format 0.0.4. */
  readonly body: string;
}

/**
 * Collects once and renders: calls `from` when it is a function (awaiting
 * it), renders sources with {@link toPrometheus}, and returns the body with
 * its Content-Type. For Fastify:
 * `app.get('/metrics', async (_, reply) => { const { contentType, body } = await collect(() => multilevelSources(cache)); return reply.type(contentType).send(body); })`.
 * @throws what `from` throws, and what {@link toPrometheus} throws for bad sources or options
 */
export async function collect(from: MetricsCollector | Collected, options: PrometheusOptions = {}): Promise<Exposition> {
  const collected = typeof from === 'function' ? await from() : from;
  return { contentType: PROMETHEUS_CONTENT_TYPE, body: typeof collected === 'string' ? collected : toPrometheus(collected, options) };
}
