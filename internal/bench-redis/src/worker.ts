/**
 * One library, one scenario, in a process of its own:
 * `node worker.js <library> <scenario> <url> <durationMs>` prints
 * `{"opsPerSec": n}` on stdout.
 */
import { measureLanes } from '@cache/bench';
import { createClient, sampleValue, type Library, type Scenario } from './libraries.js';

const KEYS = 1000;
const WARMUP_MS = 300;

async function main(): Promise<void> {
  const [library, scenario, url, duration] = process.argv.slice(2) as [Library, Scenario, string, string];
  const client = createClient(library, url, `bench:${process.pid}`);
  const key = (i: number) => `k${i % KEYS}`;
  const value = sampleValue(1);
  await client.ready();
  for (let i = 0; i < KEYS; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => client.set(key(i + j), sampleValue(i + j))));
  const batches = Array.from({ length: 10 }, (_, b) => Array.from({ length: 100 }, (_, i) => key(b * 100 + i)));
  const run = (ms: number): Promise<number> => {
    switch (scenario) {
      case 'get-sequential':
        return measureLanes(ms, 1, (i) => client.get(key(i)));
      case 'set-sequential':
        return measureLanes(ms, 1, (i) => client.set(key(i), value));
      case 'get-1000-in-flight':
        return measureLanes(ms, 1000, (i) => client.get(key(i)));
      case 'set-1000-in-flight':
        return measureLanes(ms, 1000, (i) => client.set(key(i), value));
      case 'getMany-100':
        return measureLanes(ms, 1, (i) => client.getMany(batches[i % batches.length]!));
    }
  };
  const check = await client.get(key(7));
  if ((check as { id?: number } | undefined)?.id !== 7) throw new Error(`${library}: read back ${JSON.stringify(check)}`);
  await run(WARMUP_MS);
  const opsPerSec = await run(Number(duration));
  await client.close();
  process.stdout.write(`${JSON.stringify({ opsPerSec })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
