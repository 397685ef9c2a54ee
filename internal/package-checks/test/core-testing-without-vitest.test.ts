/**
 * `@cache/core/testing` works without vitest: @cache/core, installed from its
 * packed tarball into a folder outside the workspace (so no vitest can be
 * found), runs its conformance suite under `node --test` with a module hook
 * that fails any import of vitest. A tier that breaks the contract fails
 * there too.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pack, publishable, run } from './pack.js';

const workdir = mkdtempSync(join(tmpdir(), 'cache-core-node-test-'));
/** How many cases the suite has (read from the packed copy). */
let cases = 0;

beforeAll(async () => {
  const core = publishable.find((pkg) => pkg.manifest.name === '@cache/core');
  if (core === undefined) throw new Error('packages/core is missing');
  const tarball = await pack(core, join(workdir, 'tarball'));
  const installed = join(workdir, 'app', 'node_modules', '@cache', 'core');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  writeFileSync(join(workdir, 'app', 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  for (const file of ['node-test-conformance.mjs', 'no-vitest.mjs']) copyFileSync(join(import.meta.dirname, 'fixtures', file), join(workdir, 'app', file));
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "import { conformanceCases } from '@cache/core/testing'; console.log(conformanceCases.length)"], {
    cwd: join(workdir, 'app'),
  });
  cases = Number(stdout.trim());
});

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function nodeTest(tier: 'map' | 'forgetful'): Promise<{ code: number; tap: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './no-vitest.mjs', '--test', '--test-reporter=tap', 'node-test-conformance.mjs'],
      { cwd: join(workdir, 'app'), env: { ...process.env, CONFORMANCE_TIER: tier, NODE_OPTIONS: '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, tap: stdout + stderr }),
    );
  });
}

const count = (tap: string, name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? Number.NaN);

it('imports @cache/core/testing and passes the whole conformance suite under node --test, with no vitest in the module graph', async () => {
  expect(cases).toBeGreaterThan(20);
  const { code, tap } = await nodeTest('map');
  expect(tap).not.toMatch(/vitest imported by/);
  expect({ code, pass: count(tap, 'pass'), fail: count(tap, 'fail') }, tap.slice(-3000)).toEqual({ code: 0, pass: cases, fail: 0 });
});

it('reports a tier that breaks the contract as failing under node --test', async () => {
  const { code, tap } = await nodeTest('forgetful');
  expect(code).not.toBe(0);
  expect(count(tap, 'fail')).toBeGreaterThan(0);
  expect(tap).toMatch(/not ok \d+ - basics: a value written is read back/);
});
