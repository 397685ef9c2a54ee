/**
 * A tiny `node:http` request handler that serves the Prometheus text at
 * `/metrics`, for services without a metrics framework.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidOptionError, describeValue } from '@cache/core';
import { collect, type MetricsCollector } from './collect.js';
import type { PrometheusOptions } from './prometheus.js';

/** Options of {@link createMetricsHandler}. */
export interface MetricsHandlerOptions {
  /** The path served (the query string is ignored); other paths get 404. @default '/metrics' */
  path?: string;
  /** Passed to {@link toPrometheus} when `collect` returns sources. @default {} */
  prometheus?: PrometheusOptions;
  /** Receives what `collect` threw; the response is a 500 without details. @default none (the 500 is the only signal) */
  onError?: (error: unknown) => void;
}

/**
 * A `(request, response)` handler for `http.createServer()` (on
 * {@link collect}, which serves any other framework) that answers
 * `GET`/`HEAD <path>` with the Prometheus text (Content-Type
 * `text/plain; version=0.0.4`), 405 for other methods, 404 for other paths.
 */
export function createMetricsHandler(collector: MetricsCollector, options: MetricsHandlerOptions = {}): (request: IncomingMessage, response: ServerResponse) => void {
  if (typeof collector !== 'function') throw new InvalidOptionError('collect', `collect must be a function (got ${describeValue(collector)})`);
  const path = options.path ?? '/metrics';
  if (typeof path !== 'string' || !path.startsWith('/')) throw new InvalidOptionError('path', `path must start with "/" (got ${describeValue(path)})`);
  const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, head = false) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    response.end(head ? undefined : body);
  };
  return (request, response) => {
    const url = request.url ?? '/';
    const question = url.indexOf('?');
    if ((question === -1 ? url : url.slice(0, question)) !== path) return send(response, 404, 'not found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    collect(collector, options.prometheus).then(
      ({ contentType, body }) => send(response, 200, body, { 'Content-Type': contentType }, request.method === 'HEAD'),
      (error: unknown) => {
        options.onError?.(error);
        send(response, 500, 'metrics collection failed\n');
      },
    );
  };
}
