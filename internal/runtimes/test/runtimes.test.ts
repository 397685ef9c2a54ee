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

/**
 * The environment of a child run: the CI report path belongs to the outer run
 * only, and type tests run there too (see `cacheProject`).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CACHE_TYPECHECK: '0' };
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

/** The part of vitest's JSON report these tests read. */
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  success: boolean;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/** Every failed file and test of a report, with the start of its message: what a failure says first. */
function failures(report: Report): string {
  const lines: string[] = [];
  for (const file of report.testResults) {
    if (file.status !== 'passed' && file.message) lines.push(`${file.name}: ${file.message.slice(0, 2000)}`);
    for (const test of file.assertionResults) {
      if (test.status === 'failed') lines.push(`${file.name} > ${test.fullName}: ${(test.failureMessages[0] ?? '').slice(0, 2000)}`);
    }
  }
  return lines.length === 0 ? 'no failed test in the report' : lines.join('\n');
}

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
      const summary = JSON.parse(await readFile(report, 'utf8')) as Report;
      expect(
        { code: result.code, signal: result.signal, failed: summary.numFailedTests, success: summary.success },
        `${failures(summary)}\n${result.output.slice(-4000)}`,
      ).toEqual({ code: 0, signal: null, failed: 0, success: true });
      expect(summary.numPassedTests).toBeGreaterThan(100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
