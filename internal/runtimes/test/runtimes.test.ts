/**
 * @cache/core and @cache/memory promise to run on Bun and Deno as well as
 * Node: their main entries import no `node:` module. These tests run their
 * own test suites under each runtime (installed from npm as dev
 * dependencies) and require every test to pass there.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = (name: string) => join(dirname(fileURLToPath(import.meta.url)), '../node_modules/.bin', name);
const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** The environment of a child run: the CI report path belongs to the outer run only. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.CACHE_TEST_JSON;
  return env;
}

interface Run {
  code: number;
  /** The signal that ended the child, if one did (then `code` is 1). */
  signal: string | null;
  output: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 220_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, signal: error?.signal ?? null, output: `${stdout}\n${stderr}` });
    });
  });
}

describe.each(['core', 'memory'])('@cache/%s under Bun', (name) => {
  it('passes every test of the package', async () => {
    const result = await run(bin('bun'), ['test', '--conditions=@cache/source', 'test'], join(root, 'packages', name));
    const passed = Number(/^\s*(\d+) pass$/m.exec(result.output)?.[1] ?? 0);
    const failed = Number(/^\s*(\d+) fail$/m.exec(result.output)?.[1] ?? -1);
    expect({ code: result.code, signal: result.signal, failed }, result.output.slice(-4000)).toEqual({ code: 0, signal: null, failed: 0 });
    expect(passed).toBeGreaterThan(50);
  });
});

describe('@cache/core and @cache/memory under Deno', () => {
  it('passes every test of both packages (vitest running on Deno)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cache-deno-'));
    try {
      const report = join(dir, 'report.json');
      const result = await run(
        bin('deno'),
        ['run', '-A', vitestCli, 'run', '--project', 'core', '--project', 'memory', '--reporter=json', `--outputFile=${report}`],
        root,
      );
      const summary = JSON.parse(await readFile(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; success: boolean };
      expect(
        { code: result.code, signal: result.signal, failed: summary.numFailedTests, success: summary.success },
        result.output.slice(-4000),
      ).toEqual({ code: 0, signal: null, failed: 0, success: true });
      expect(summary.numPassedTests).toBeGreaterThan(100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
