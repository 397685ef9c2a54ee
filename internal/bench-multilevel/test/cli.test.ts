import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARIES, QUICK, SCENARIOS, librariesFor } from '../src/scenario.js';

// The CLI runs as a plain Node process over the built packages, as `pnpm bench:multilevel` does,
// against a redis-server it starts itself (REDIS_URL unset).
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cache-bench-multilevel-'));

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS = ['scenario', 'library', 'opsPerSec', 'p50Ms', 'p99Ms', 'loaderCalls', 'errors', 'misses', 'calls', 'hung', 'l1Reads', 'l1Served', 'recoveredMs'];

describe('pnpm bench:multilevel --quick --json', () => {
  it('runs every scenario for every library against a real redis-server and writes well-formed rows', () => {
    const json = join(dir, 'multilevel.json');
    const env = { ...process.env };
    delete env.REDIS_URL;
    const result = spawnSync(process.execPath, [join(packageDir, 'dist', 'cli.js'), '--quick', '--json', json], { cwd: dir, encoding: 'utf8', env });
    expect(result.stderr).not.toMatch(/failed|error:/i);
    expect(result.status).toBe(0);

    const rows = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>[];
    expect(rows.map((row) => `${row.scenario as string} ${row.library as string}`)).toEqual(
      SCENARIOS.flatMap((scenario) => librariesFor(scenario).map((library) => `${scenario} ${library}`)),
    );
    for (const row of rows) {
      for (const key of Object.keys(row)) expect(FIELDS).toContain(key);
      expect(LIBRARIES).toContain(row.library);
      for (const key of FIELDS.slice(2)) if (key in row) expect(row[key]).toBeTypeOf('number');
      expect(row.opsPerSec).toBeGreaterThan(0);
      if (row.scenario === 'l1-hit' || row.scenario === 'l2-hit') expect(row.misses).toBe(0);
      if (row.scenario === 'get-or-set-stampede') {
        for (const key of ['p50Ms', 'p99Ms', 'loaderCalls', 'errors']) expect(row).toHaveProperty(key);
        expect(row.loaderCalls as number).toBeGreaterThanOrEqual(QUICK.stampedeKeys);
      }
      if (row.scenario === 'redis-outage') {
        for (const key of ['p50Ms', 'p99Ms', 'errors', 'calls', 'hung', 'l1Reads', 'l1Served']) expect(row).toHaveProperty(key);
      }
    }
    // behaviour, not timings: ours calls one loader per key, throws nothing and serves every L1 key while Redis is down, and writes again after the restart
    const ours = (scenario: string) => rows.find((row) => row.scenario === scenario && row.library === '@cache/multilevel')!;
    expect(ours('get-or-set-stampede')).toMatchObject({ loaderCalls: QUICK.stampedeKeys, errors: 0 });
    const outage = ours('redis-outage');
    expect(outage).toMatchObject({ errors: 0 });
    expect(outage.l1Served).toBe(outage.l1Reads);
    expect(outage).toHaveProperty('recoveredMs');

    for (const scenario of SCENARIOS) expect(result.stdout).toContain(`${scenario}:`);
  });
});
