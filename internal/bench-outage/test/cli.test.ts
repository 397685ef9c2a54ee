import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE, LIBRARIES, PHASES, QUICK, SCENARIOS } from '../src/plan.js';

// The CLI runs as a plain Node process over the built packages, as `pnpm bench:outage` does,
// with real redis-servers it starts (and SIGKILLs / SIGSTOPs) itself. Figures are not asserted: only
// that every run happened and wrote well-formed rows for every phase and bucket.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cache-bench-outage-'));

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS = ['scenario', 'library', 'phase', 'second', 'reqPerSec', 'p50Ms', 'p99Ms', 'errors', 'loaderCalls', 'staleReads', 'recoverS', 'unhandledRejections'];

describe('pnpm bench:outage --quick --json', () => {
  it('runs the baseline and every library through both faults on real redis-servers and writes rows for every phase', () => {
    const json = join(dir, 'outage.json');
    const result = spawnSync(process.execPath, [join(packageDir, 'dist', 'cli.js'), '--quick', '--json', json], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/^run failed|^error:/m);
    expect(result.status).toBe(0);

    const rows = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>[];
    const buckets = QUICK.durationMs / QUICK.bucketMs;
    for (const scenario of SCENARIOS) {
      for (const library of [BASELINE, ...LIBRARIES]) {
        const mine = rows.filter((row) => row.scenario === scenario && row.library === library);
        expect(mine.filter((row) => row.phase !== 'second').map((row) => row.phase)).toEqual([...PHASES]);
        expect(mine.filter((row) => row.phase === 'second').map((row) => row.second)).toEqual(
          Array.from({ length: buckets }, (_, i) => (i * QUICK.bucketMs) / 1000),
        );
      }
    }
    for (const row of rows) {
      for (const key of Object.keys(row)) expect(FIELDS).toContain(key);
      for (const key of ['reqPerSec', 'errors', 'loaderCalls', 'staleReads']) expect(row[key]).toBeTypeOf('number');
      // no answer at all within a bucket (a hung service) leaves its percentiles empty
      for (const key of ['p50Ms', 'p99Ms']) expect(row[key] === null || typeof row[key] === 'number').toBe(true);
      if (row.phase === 'total') expect(row.unhandledRejections).toBeTypeOf('number');
      if ('recoverS' in row) expect(row.phase).toBe('after');
    }
    // the load reached every service: requests were answered and the database was read
    for (const row of rows.filter((r) => r.phase === 'total')) {
      expect(row.reqPerSec as number).toBeGreaterThan(0);
      expect(row.loaderCalls as number).toBeGreaterThan(0);
    }

    expect(result.stdout).toContain(`${BASELINE} (baseline, no Redis, no fault)`);
    for (const scenario of SCENARIOS) {
      expect(result.stdout).toContain(`${scenario}: phases`);
      for (const library of LIBRARIES) expect(result.stdout).toContain(`${scenario}: ${library}\n`);
    }
    expect(result.stdout).toMatch(/SIGKILL at [\d.]+ s/);
    expect(result.stdout).toMatch(/restarted \(empty\) at [\d.]+ s/);
    expect(result.stdout).toMatch(/SIGSTOP at [\d.]+ s/);
    expect(result.stdout).toMatch(/SIGCONT at [\d.]+ s/);
    expect(result.stdout).toContain('acceptance (issue 9)');
  });
});
