/**
 * The one HTTP client of the benchmark (the services' database client and
 * the load generator): node:http over a keep-alive agent, a per-request
 * timeout, small JSON bodies.
 * @module
 */
import { Agent, request } from 'node:http';

/** A keep-alive agent for one process's calls. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
}

/** A completed exchange. */
export interface Answer {
  status: number;
  body: string;
}

/**
 * `method` `path` on `port` of 127.0.0.1; rejects on a socket error or when
 * no answer came within `timeoutMs` (the request is then destroyed).
 */
export function call(agent: Agent, port: number, method: 'GET' | 'POST', path: string, timeoutMs: number): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ agent, host: '127.0.0.1', port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The port of a base URL (`http://127.0.0.1:PORT`). */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}
