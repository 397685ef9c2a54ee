import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupOrphans, redisCommand, startRedisServer } from '../src/index.js';
import { recordFile, REGISTRY_DIR } from '../src/registry.js';
import { canBind, eventually, isGone } from './helpers.js';

/**
 * The child processes run the real src/ code: transpiled to plain JS (Node 20 cannot run .ts).
 */
let compiledDir: string;

beforeAll(() => {
  compiledDir = mkdtempSync(join(tmpdir(), 'test-support-orphans-'));
  const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
  for (const name of readdirSync(srcDir).filter((file) => file.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(srcDir, name), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(compiledDir, name.replace(/\.ts$/, '.js')), outputText);
  }
  writeFileSync(join(compiledDir, 'package.json'), '{"type":"module"}');
});

afterAll(() => {
  rmSync(compiledDir, { recursive: true, force: true });
});

/** Runs `code` (an ES module importing ./index.js) in a child node process; resolves with the first stdout line. */
function runChild(code: string): { firstLine: Promise<string>; exited: Promise<void>; kill: () => void } {
  const file = join(compiledDir, `child-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, code);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstLine = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing`)));
  });
  return { firstLine, exited, kill: () => child.kill('SIGKILL') };
}

describe('cleanupOrphans', () => {
  it('kills the redis-server of a test process that was SIGKILLed', async () => {
    const child = runChild(`
      import { startRedisServer } from './index.js';
      const server = await startRedisServer();
      console.log(JSON.stringify({ pid: server.pid, port: server.port }));
      setInterval(() => {}, 1000);
    `);
    const { pid, port } = JSON.parse(await child.firstLine) as { pid: number; port: number };
    child.kill();
    await child.exited;

    // the owner is gone, its server lives on
    expect(isGone(pid)).toBe(false);
    expect(await redisCommand(port, ['PING'])).toBe('PONG');
    expect(existsSync(recordFile(pid))).toBe(true);
    const dir = (JSON.parse(readFileSync(recordFile(pid), 'utf8')) as { dir: string }).dir;
    expect(existsSync(dir)).toBe(true);

    expect(await cleanupOrphans()).toBeGreaterThanOrEqual(1);
    expect(isGone(pid)).toBe(true);
    expect(existsSync(recordFile(pid))).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await eventually(async () => ((await canBind(port)) ? true : undefined), 2_000, `port ${port} to be free`);
  });

  it("leaves the servers of live processes alone, and never kills a process that is not the recorded redis-server", async () => {
    const server = await startRedisServer();
    // a record whose owner is dead but whose pid now belongs to another program (pid reuse)
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    const deadOwner = runChild('process.exit(0)');
    await deadOwner.exited.catch(() => undefined);
    await deadOwner.firstLine.catch(() => undefined);
    mkdirSync(REGISTRY_DIR, { recursive: true });
    writeFileSync(
      recordFile(bystander.pid!),
      JSON.stringify({
        pid: bystander.pid,
        startTime: undefined,
        port: 1,
        dir: '/nonexistent',
        ownerPid: 2 ** 22 + 1, // above pid_max: never alive
        ownerStartTime: undefined,
        startedAt: new Date().toISOString(),
      }),
    );
    try {
      await cleanupOrphans();
      expect(isGone(bystander.pid!)).toBe(false);
      expect(existsSync(recordFile(bystander.pid!))).toBe(false);
      expect(await redisCommand(server.port, ['PING'])).toBe('PONG');
    } finally {
      bystander.kill('SIGKILL');
      await server.stop();
    }
  });

  it('kills the servers of a process that exits without stopping them (exit hook)', async () => {
    const child = runChild(`
      import { startRedisServer } from './index.js';
      const server = await startRedisServer();
      console.log(JSON.stringify({ pid: server.pid, port: server.port }));
      process.exit(0);
    `);
    const { pid, port } = JSON.parse(await child.firstLine) as { pid: number; port: number };
    await child.exited;
    await eventually(() => (isGone(pid) ? true : undefined), 2_000, `redis-server ${pid} to be killed`);
    expect(existsSync(recordFile(pid))).toBe(false);
    await eventually(async () => ((await canBind(port)) ? true : undefined), 2_000, `port ${port} to be free`);
  });
});
