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
import { writeFileSync } from 'node:fs';
import { ZipfGenerator, seededRandom } from '@cache/bench';
import { jobOf, serveParent } from './children.js';
import { bucketOf, now } from './clock.js';
import type { Commit } from './database.js';
import { DUMP_PREFIX, type Dump, type DumpRow } from './dump.js';
import { Histogram } from './histogram.js';
import { call, keepAliveAgent, portOf, type Answer } from './http-client.js';
import { staleByBucket, type Reads } from './oracle.js';
import type { LoadBucket, LoadJob, LoadResult } from './plan.js';

const job = jobOf<LoadJob>();
const { plan } = job;

/** Runs the load on the services at `targets` (base URLs; requests alternate between them) until the timeline starting at `t0` ends. */
async function run(t0: number, targets: readonly string[]): Promise<LoadResult> {
  const ports = targets.map(portOf);
  const agent = keepAliveAgent(); // this run's services only
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
  const rows: DumpRow[] = [];

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
      if (DUMP_PREFIX !== undefined) {
        const outcome = failure === '' && !write ? (JSON.parse(answer!.body) as { v: number }).v : failure.slice(0, 80);
        rows.push([write ? 'w' : 'r', id, writeId, port, sentAt - t0, doneAt - t0, answer?.status ?? -1, outcome]);
      }
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
  agent.destroy();
  const commits = JSON.parse(log.body) as Commit[];
  const stale = staleByBucket(reads, ended, commits, count, plan.staleGraceMs);
  if (DUMP_PREFIX !== undefined) {
    const dump: Dump = { t0, rows, commits, ended: [...ended] };
    writeFileSync(`${DUMP_PREFIX}-${Date.now()}.json`, JSON.stringify(dump));
  }
  const buckets = ok.map((n, i): LoadBucket => ({ ok: n, errors: errors[i]!, stale: stale[i]!, latency: latency[i]!.toSparse() }));
  return { buckets, errorSamples };
}

serveParent({}, {
  run: (body) => {
    const { t0, targets } = body as { t0: number; targets: string[] };
    return run(t0, targets);
  },
});
