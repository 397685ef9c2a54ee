/**
 * The libraries compared, behind one small interface. memjs and memcached
 * (npm) store JSON strings, as applications use them; @cache/memcached
 * stores msgpack through its codec. Each is made with its defaults but for
 * the server list, as a user would first try it.
 */
import Memcached from 'memcached';
import memjs from 'memjs';
import { MemcachedCache } from '@cache/memcached';

export interface BenchClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  getMany(keys: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** The scenarios, in table order. */
export const SCENARIOS = ['get-sequential', 'set-sequential', 'get-100-in-flight', 'set-100-in-flight', 'getMany-100'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Library names as they appear in the table and the JSON. */
export const LIBRARIES = ['@cache/memcached', 'memjs', 'memcached'] as const;
export type Library = (typeof LIBRARIES)[number];

function ours(server: string): BenchClient {
  const tier = new MemcachedCache({ servers: [server], prefix: `bench:${process.pid}:` });
  return { get: (key) => tier.get(key), set: (key, value) => tier.set(key, value), getMany: (keys) => tier.getMany(keys), close: () => tier.close() };
}

function viaMemjs(server: string): BenchClient {
  const client = memjs.Client.create(server, { logger: { log: () => {} } });
  const prefix = `bench:${process.pid}:`;
  const read = async (key: string) => {
    const { value } = await client.get(prefix + key);
    return value === null ? undefined : (JSON.parse(value.toString('utf8')) as unknown);
  };
  return {
    get: read,
    set: (key, value) => client.set(prefix + key, JSON.stringify(value), {}),
    // memjs has no multi-get: one get per key, all in flight
    getMany: (keys) => Promise.all(keys.map(read)),
    close: async () => client.close(),
  };
}

function viaMemcached(server: string): BenchClient {
  const client = new Memcached(server);
  const prefix = `bench:${process.pid}:`;
  return {
    get: (key) =>
      new Promise((resolve, reject) => client.get(prefix + key, (error: Error | undefined, data: unknown) => (error ? reject(error) : resolve(data)))),
    set: (key, value) => new Promise((resolve, reject) => client.set(prefix + key, value, 0, (error: Error | undefined) => (error ? reject(error) : resolve(true)))),
    getMany: (keys) =>
      new Promise((resolve, reject) =>
        client.getMulti(
          keys.map((key) => prefix + key),
          (error: Error | undefined, data: unknown) => (error ? reject(error) : resolve(data)),
        ),
      ),
    close: async () => client.end(),
  };
}

/** A client of `library` on `server` (`host:port`). */
export function createClient(library: Library, server: string): BenchClient {
  switch (library) {
    case '@cache/memcached':
      return ours(server);
    case 'memjs':
      return viaMemjs(server);
    case 'memcached':
      return viaMemcached(server);
  }
}

/** A ~1 KB object, the size of a typical cached record. */
export function sampleValue(id: number): { id: number; name: string; tags: string[]; body: string } {
  return { id, name: `item ${id}`, tags: ['a', 'b', 'c'], body: 'x'.repeat(900) };
}
