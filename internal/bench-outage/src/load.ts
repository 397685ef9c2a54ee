/**
 * The load generator (a child process): `concurrency` request loops over one
 * keep-alive agent, alternating between the service instances; ids drawn
 * Zipf-distributed; a `writeFraction` of requests are `POST`s. It runs from
 * the `run` call (warm-up) until the timeline's end, records every
 * request completed within the timeline in its time bucket (by completion
 * time), then checks every successful read against the database's commit
 * log (the version oracle, see {@link staleByBucket}). Writes of the warm-up
 * count for the oracle too.
 * @module
 */
import { ZipfGenerator, seededRandom } from '@cache/bench';
import { jobOf, serveParent } from './children.js';
import { bucketOf, now } from './clock.js';
import type { Commit } from './database.js';
import { Histogram } from './histogram.js';
import { call, keepAliveAgent, portOf, type Answer } from './http-client.js';
import type { LoadBucket, LoadJob, LoadResult } from './plan.js';

const job = jobOf<LoadJob>();
const { plan } = job;
const agent = keepAliveAgent();

/** Successful reads of the timeline, column-wise. */
interface Reads {
  ids: number[];
  sentAt: number[];
  versions: number[];
  buckets: number[];
}

/**
 * Stale reads per bucket. A write "is done" at the later of the moment its
 * request ended at the load generator (answered, failed or timed out) and
 * the moment the database committed it (from the commit log, matched by
 * write id). A read of item `id` sent at `t` that returned version `v` is
 * stale when a write of `id` that was done by `t − staleGraceMs` had
 * committed a version above `v`.
 */
function staleByBucket(reads: Reads, ended: ReadonlyMap<number, number>, commits: readonly Commit[], buckets: number): number[] {
  const done = new Map<number, [number, number][]>(); // id → [done at, version], sorted by done at
  for (const [id, v, committedAt, write] of commits) {
    const endedAt = ended.get(write);
    if (endedAt === undefined) continue; // still in flight when the run ended
    const list = done.get(id) ?? [];
    list.push([Math.max(endedAt, committedAt), v]);
    done.set(id, list);
  }
  for (const list of done.values()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) list[i]![1] = Math.max(list[i]![1], list[i - 1]![1]); // running max of versions
  }
  const stale = new Array<number>(buckets).fill(0);
  for (let i = 0; i < reads.ids.length; i++) {
    const list = done.get(reads.ids[i]!);
    if (list === undefined) continue;
    const cutoff = reads.sentAt[i]! - plan.staleGraceMs;
    let low = 0;
    let high = list.length; // writes done by the cutoff: [0, low)
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]![0] <= cutoff) low = mid + 1;
      else high = mid;
    }
    if (low > 0 && reads.versions[i]! < list[low - 1]![1]) stale[reads.buckets[i]!]!++;
  }
  return stale;
}

/** Runs the load on the services at `targets` (base URLs; requests alternate between them) until the timeline starting at `t0` ends. */
async function run(t0: number, targets: readonly string[]): Promise<LoadResult> {
  const ports = targets.map(portOf);
  const count = Math.ceil(plan.durationMs / plan.bucketMs);
  const end = t0 + plan.durationMs;
  const ok = new Array<number>(count).fill(0);
  const errors = new Array<number>(count).fill(0);
  const latency = Array.from({ length: count }, () => new Histogram());
  const reads: Reads = { ids: [], sentAt: [], versions: [], buckets: [] };
  const errorSamples: string[] = [];
  const zipf = new ZipfGenerator(plan.keys, plan.zipfExponent, seededRandom(job.seed));
  const random = seededRandom(job.seed ^ 0x5bd1e995);
  const ended = new Map<number, number>(); // write id → when its request ended
  let turn = 0;
  let writes = 0;

  const lane = async () => {
    while (now() < end) {
      const id = zipf.next() - 1;
      const write = random.next() < plan.writeFraction;
      const port = ports[turn++ % ports.length]!;
      const writeId = write ? writes++ : -1;
      const sentAt = now();
      let answer: Answer | undefined;
      let failure = '';
      try {
        answer = await call(agent, port, write ? 'POST' : 'GET', write ? `/item/${id}?w=${writeId}` : `/item/${id}`, plan.requestTimeoutMs);
        if (answer.status !== 200) failure = `${write ? 'POST' : 'GET'} ${answer.status} ${answer.body.slice(0, 200)}`;
      } catch (error) {
        failure = `${write ? 'POST' : 'GET'} ${(error as Error).message}`;
      }
      const doneAt = now();
      if (write) ended.set(writeId, doneAt);
      const bucket = bucketOf(doneAt, t0, plan.bucketMs);
      if (bucket < 0 || bucket >= count) continue;
      latency[bucket]!.record(doneAt - sentAt);
      if (failure !== '') {
        errors[bucket]!++;
        if (errorSamples.length < 8 && !errorSamples.includes(failure)) errorSamples.push(failure);
        continue;
      }
      ok[bucket]!++;
      if (!write) {
        reads.ids.push(id);
        reads.sentAt.push(sentAt);
        reads.versions.push((JSON.parse(answer!.body) as { v: number }).v);
        reads.buckets.push(bucket);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, lane));

  const log = await call(agent, portOf(job.databaseUrl), 'GET', '/commits', 10_000);
  const stale = staleByBucket(reads, ended, JSON.parse(log.body) as Commit[], count);
  const buckets = ok.map((n, i): LoadBucket => ({ ok: n, errors: errors[i]!, stale: stale[i]!, latency: latency[i]!.toSparse() }));
  return { buckets, errorSamples };
}

serveParent({}, {
  run: (body) => {
    const { t0, targets } = body as { t0: number; targets: string[] };
    return run(t0, targets);
  },
});
