import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY, POLICIES } from '@cache/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../src/trace/trace.js';

// The CLIs run as plain Node processes over the built packages, as `pnpm bench:*` does.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cache-bench-cli-'));

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cli: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [join(packageDir, 'dist', cli), ...args], { cwd: dir, encoding: 'utf8', env });
}

describe('bench:hit-ratio', () => {
  it('writes one row per trace, size and policy, with hit ratios in [0, 1]', () => {
    const json = join(dir, 'hit-ratio.json');
    const result = run('hit-ratio/cli.js', ['--synthetic', 'zipf:0.9:500:5000', '--synthetic', 'loop:60:600', '--sizes', '10,50', '--seeds', '3', '--json', json]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    const rows = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>[];
    const policies = [...POLICIES, 'arc', 'lru-cache', 'opt'];
    expect(rows).toHaveLength(2 * 2 * policies.length);
    for (const row of rows) {
      const keys = Object.keys(row);
      for (const key of ['trace', 'size', 'policy', 'hitRatio']) expect(keys).toContain(key);
      for (const key of keys) expect(['trace', 'size', 'policy', 'hitRatio', 'isDefault', 'minHitRatio', 'maxHitRatio', 'seeds']).toContain(key);
      // Every @cache/memory policy is replayed once per seed; lru-cache and opt once.
      expect('seeds' in row).toBe((POLICIES as readonly unknown[]).includes(row.policy));
      if ('seeds' in row) {
        expect(row.seeds).toBe(3);
        expect(row.minHitRatio as number).toBeLessThanOrEqual(row.hitRatio as number);
        expect(row.maxHitRatio as number).toBeGreaterThanOrEqual(row.hitRatio as number);
      }
      if (row.policy !== DEFAULT_POLICY) expect(row).not.toHaveProperty('isDefault');
      expect(['zipf:0.9:500:5000', 'loop:60:600']).toContain(row.trace);
      expect([10, 50]).toContain(row.size);
      expect(policies).toContain(row.policy);
      expect(row.hitRatio).toBeGreaterThanOrEqual(0);
      expect(row.hitRatio).toBeLessThanOrEqual(1);
      if (row.policy === DEFAULT_POLICY) expect(row.isDefault).toBe(true);
    }
    // Nothing beats the optimum; on the 60-key loop at size 50, LRU (and lru-cache) never hit.
    for (const row of rows) {
      const opt = rows.find((r) => r.trace === row.trace && r.size === row.size && r.policy === 'opt')!;
      expect(row.hitRatio as number).toBeLessThanOrEqual(opt.hitRatio as number);
    }
    const loop = (policy: string) => rows.find((r) => r.trace === 'loop:60:600' && r.size === 50 && r.policy === policy)?.hitRatio;
    expect(loop('lru')).toBe(0);
    expect(loop('lru-cache')).toBe(0);
    expect(result.stdout).toContain('zipf:0.9:500:5000');
  });

  it('prints and writes the hit ratio per stretch with --stretches', () => {
    const json = join(dir, 'stretches.json');
    // a 60-key loop at 70 entries: the first pass (60 requests) misses, every later request hits
    const result = run('hit-ratio/cli.js', ['--synthetic', 'loop:60:600', '--sizes', '70', '--seeds', '2', '--policies', 'lru,fifo,opt', '--stretches', '200', '--json', json]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('loop:60:600 @ 70: hit ratio % per 200 requests');
    expect(result.stdout).toMatch(/0–200\s+70\.00\s+70\.00/);
    expect(result.stdout).toMatch(/400–600\s+100\.00\s+100\.00/);
    const rows = JSON.parse(readFileSync(json, 'utf8')) as { policy: string; stretch?: number; stretchHitRatios?: number[] }[];
    for (const row of rows.filter((r) => r.policy !== 'opt')) {
      expect(row.stretch).toBe(200);
      expect(row.stretchHitRatios).toEqual([0.7, 1, 1]);
    }
    expect(rows.find((r) => r.policy === 'opt')).not.toHaveProperty('stretchHitRatios');
    const tooMany = run('hit-ratio/cli.js', ['--synthetic', 'loop:60:20001', '--sizes', '70', '--policies', 'lru', '--stretches', '2']);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toMatch(/--stretches 2 cuts 'loop:60:20001' \(20001 requests\) into more than 10000 stretches; give at least 3/);
    const refused = run('hit-ratio/cli.js', ['--acceptance', '--stretches', '1000']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--stretches applies to replays of --trace, --synthetic or --suite/);
  });

  it('rejects an unknown policy with a usage error naming the choices', () => {
    const result = run('hit-ratio/cli.js', ['--synthetic', 'loop:5', '--sizes', '2', '--policies', 'nope']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--policies: unknown 'nope'; choose from .*opt/);
  });

  it('has no built-in traces directory: --acceptance and --suite ask for --traces-dir or CACHE_TRACES_DIR', () => {
    const { CACHE_TRACES_DIR: _ignored, ...env } = process.env;
    for (const flag of ['--acceptance', '--suite']) {
      const result = run('hit-ratio/cli.js', [flag], env);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`${flag} reads the shared traces (never committed): pass --traces-dir DIR or set CACHE_TRACES_DIR=DIR`);
    }
    const missing = join(dir, 'no-such-traces');
    const result = run('hit-ratio/cli.js', ['--acceptance'], { ...env, CACHE_TRACES_DIR: missing });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--acceptance: no traces directory at ${missing}`);
  });

  it('asks for --sizes when a trace has no reference sizes', () => {
    const result = run('hit-ratio/cli.js', ['--synthetic', 'loop:5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--sizes is required/);
  });

  it('--judge judges the default at every trace x size against the best reference policy replayed', () => {
    // A loop of 60 keys: at 50 entries LRU, FIFO and ARC never hit and W-TinyLFU keeps most of the loop;
    // at 70 every policy holds the whole loop.
    const result = run('hit-ratio/cli.js', ['--synthetic', 'loop:60:600', '--sizes', '50,70', '--seeds', '2', '--policies', `${DEFAULT_POLICY},lru,fifo,arc`, '--judge']);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Judged against the best reference policy replayed here (lru, fifo, arc):');
    const cells = result.stdout.split('\n').filter((line) => line.startsWith('loop:60:600 '));
    expect(cells).toHaveLength(2);
    for (const cell of cells) expect(cell).toMatch(/pass$/);
    expect(result.stdout).toContain('2 of 2 cells pass (default policy w-tinylfu, mean and min over 2 seeds)');
    // Recency only (reuse at LRU-stack depths of mean 50) in 30 entries: LRU is far ahead, and the cell says so.
    const recency = run('hit-ratio/cli.js', ['--synthetic', 'stack:50:20000:3', '--sizes', '30', '--seeds', '2', '--policies', `${DEFAULT_POLICY},lru,arc`, '--judge']);
    expect(recency.status).toBe(0);
    expect(recency.stdout).toMatch(/^stack:50:20000:3 +30 .*\(lru\).* FAIL$/m);
    expect(recency.stdout).toContain('0 of 1 cells pass');
    // Without the default, lru and another reference in the replay there is nothing to judge.
    const refused = run('hit-ratio/cli.js', ['--synthetic', 'loop:60:600', '--sizes', '50', '--policies', `${DEFAULT_POLICY},lru`, '--judge']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--judge needs the default policy \(w-tinylfu\), lru and at least one other of lru, fifo, lfu, arc, sieve, s3-fifo/);
  });
});

describe('bench:memory', () => {
  it('writes rows of the documented shape (quick run)', () => {
    const json = join(dir, 'memory.json');
    const scenarios = ['get-hit', 'set-evict-zipf', 'get-or-set-zipf', 'bytes-per-entry'];
    const args = ['--quick', '--rounds', '1', '--warmup', '0', '--libraries', 'lru-cache,@cache/memory,Map', '--policies', DEFAULT_POLICY, '--scenarios', scenarios.join(','), '--json', json];
    const result = run('memory/cli.js', args);
    expect(result.status, result.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>[];
    expect(rows.map((r) => `${r.scenario as string} ${r.library as string}`)).toEqual([
      'get-hit lru-cache', 'get-hit @cache/memory', 'get-hit Map',
      'set-evict-zipf lru-cache', 'set-evict-zipf @cache/memory',
      'get-or-set-zipf lru-cache', 'get-or-set-zipf @cache/memory',
      'bytes-per-entry lru-cache', 'bytes-per-entry @cache/memory', 'bytes-per-entry Map',
    ]);
    for (const row of rows) {
      expect(scenarios).toContain(row.scenario);
      if (row.library === '@cache/memory') {
        expect(row.policy).toBe(DEFAULT_POLICY);
        expect(row.isDefault).toBe(true);
      } else {
        expect(row).not.toHaveProperty('policy');
        expect(row).not.toHaveProperty('isDefault');
      }
      if (row.scenario === 'bytes-per-entry') {
        expect(row.bytesPerEntry).toBeGreaterThan(0);
        expect(row).not.toHaveProperty('opsPerSec');
      } else {
        expect(row.opsPerSec).toBeGreaterThan(0);
      }
      if (row.scenario === 'get-or-set-zipf') {
        expect(row.hitRatio).toBeGreaterThan(0);
        expect(row.hitRatio).toBeLessThan(1);
      } else {
        expect(row).not.toHaveProperty('hitRatio');
      }
    }
    expect(result.stdout).toMatch(/get-hit[^\n]*\n[\s\S]*× lru-cache/);
  }, 60_000);

  it('runs the key-shape and scale scenarios for lru and the default policy', () => {
    const json = join(dir, 'key-shapes.json');
    const scenarios = ['get-hit-long-keys', 'get-hit-fresh-keys', 'get-hit-fresh-long-keys', 'get-hit-10k', 'get-hit-1m', 'get-hit-10m', 'set-evict-10k', 'set-evict-1m', 'set-evict-10m'];
    const args = ['--quick', '--rounds', '1', '--warmup', '0', '--libraries', 'lru-cache,@cache/memory,Map', '--scenarios', scenarios.join(','), '--json', json];
    const result = run('memory/cli.js', args);
    expect(result.status, result.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>[];
    const expected = scenarios.flatMap((s) => [`${s} lru-cache`, `${s} @cache/memory lru`, `${s} @cache/memory ${DEFAULT_POLICY}`, ...(s.startsWith('get-hit') ? [`${s} Map`] : [])]);
    expect(rows.map((r) => [r.scenario, r.library, r.policy].filter(Boolean).join(' '))).toEqual(expected);
    for (const row of rows) expect(row.opsPerSec).toBeGreaterThan(0);
    expect(result.stderr).not.toMatch(/warning/);
    for (const s of scenarios) expect(result.stdout).toContain(`${s}: `);
    expect(result.stdout).toMatch(/Targets:[\s\S]*set-evict-10m: default/);
  }, 60_000);

  it('pins its children to one CPU where taskset runs, says so, and refuses a CPU that does not exist', () => {
    const pinnable = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
    const args = ['--quick', '--rounds', '1', '--warmup', '0', '--passes', '1', '--libraries', 'Map', '--scenarios', 'get-hit'];
    const pinned = run('memory/cli.js', [...args, '--cpu', '0']);
    if (pinnable) {
      expect(pinned.status, pinned.stderr).toBe(0);
      expect(pinned.stdout).toContain('children pinned to CPU 0');
    } else {
      expect(pinned.status).not.toBe(0);
      expect(pinned.stderr).toContain('--cpu none');
    }
    const unpinned = run('memory/cli.js', [...args, '--cpu', 'none']);
    expect(unpinned.status, unpinned.stderr).toBe(0);
    expect(unpinned.stdout).toContain('children not pinned');
    const missing = run('memory/cli.js', [...args, '--cpu', '4096']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--cpu takes a CPU number from 0 to \d+, or none \(got '4096'\)/);
  }, 60_000);
});

describe('bench:convert-trace', () => {
  const convert = (args: string[], input?: Buffer) =>
    spawnSync(process.execPath, [join(packageDir, 'dist', 'trace', 'convert-cli.js'), ...args], { cwd: dir, input, encoding: 'utf8' });
  const int32s = (values: number[]) => {
    const bytes = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => bytes.writeInt32BE(v, 4 * i));
    return bytes;
  };

  it('converts a file and standard input; refuses a bad format with exit code 2 and writes nothing', () => {
    const input = join(dir, 'in.trace');
    writeFileSync(input, int32s([7, 8, 7]));
    const out = join(dir, 'out.keys.gz');
    const fromFile = convert(['--format', 'int32', '--in', input, '--out', out]);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toContain('wrote 3 requests, 2 distinct keys');
    expect(parseTrace(readFileSync(out), 'out').requests).toEqual(new Int32Array([0, 1, 0]));

    const piped = join(dir, 'piped.keys.gz');
    expect(convert(['--format', 'uint32', '--in', '-', '--out', piped], int32s([-1])).status).toBe(0);
    expect(parseTrace(readFileSync(piped), 'piped').keys).toEqual(['4294967295']);

    const bad = convert(['--format', 'int16', '--in', input, '--out', join(dir, 'bad.keys.gz')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of int32, uint32, int64, address/);
    expect(() => readFileSync(join(dir, 'bad.keys.gz'))).toThrow();
    const odd = join(dir, 'odd.trace');
    writeFileSync(odd, Buffer.alloc(5));
    const wrongWidth = convert(['--format', 'int32', '--in', odd, '--out', join(dir, 'odd.keys.gz')]);
    expect(wrongWidth.status).toBe(2);
    expect(() => readFileSync(join(dir, 'odd.keys.gz'))).toThrow();
  });
});
