/**
 * Every publishable package, packed as npm would publish it, passes publint
 * (strict) and are-the-types-wrong (esm-only profile), and ships what its
 * package.json promises. Needs the packages built (`pnpm build`), which the
 * root `pnpm test` does first.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const bin = (name: string) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  files?: string[];
  sideEffects?: boolean;
  dependencies?: Record<string, string>;
}

const publishable = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => !manifest.private);

const workdir = mkdtempSync(join(tmpdir(), 'cache-pack-'));
const tarballs = new Map<string, string>();

beforeAll(async () => {
  for (const { dir, manifest } of publishable) {
    if (!existsSync(join(dir, 'dist'))) throw new Error(`${manifest.name} has no dist/: run \`pnpm build\` before these checks`);
    const dest = join(workdir, manifest.name.replace('/', '__'));
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
    const [file] = readdirSync(dest);
    if (!file) throw new Error(`pnpm pack produced nothing for ${manifest.name}`);
    tarballs.set(manifest.name, join(dest, file));
  }
});

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe.each(publishable.map((p) => [p.manifest.name, p] as const))('%s', (name, { manifest }) => {
  it('has the package.json fields every published package needs', () => {
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.files).toContain('dist');
    const main = manifest.exports?.['.'] as Record<string, string> | undefined;
    expect(main, 'an exports map with "."').toBeDefined();
    for (const dep of Object.values(manifest.dependencies ?? {})) expect(dep).not.toMatch(/^(file|link):/);
  });

  it('passes publint --strict on the packed tarball', async () => {
    const { stdout } = await run(bin('publint'), ['run', tarballs.get(name)!, '--strict']);
    expect(stdout).toContain('All good');
  });

  it('passes are-the-types-wrong (esm-only) on the packed tarball', async () => {
    const result = await run(bin('attw'), [tarballs.get(name)!, '--profile', 'esm-only', '--format', 'json']).then(
      ({ stdout }) => ({ stdout, failed: false }),
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '', failed: true }),
    );
    const report = JSON.parse(result.stdout) as { analysis: { problems?: { resolutionKind?: string }[] } };
    // the esm-only profile ignores node10 and CommonJS resolution; everything else must be clean
    const problems = (report.analysis.problems ?? []).filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(problems).toEqual([]);
    expect(result.failed).toBe(false);
  });

  it('publishes types first and no source-only export condition', async () => {
    const { stdout } = await run('tar', ['-xzOf', tarballs.get(name)!, 'package/package.json']);
    const packed = JSON.parse(stdout) as Manifest;
    for (const [subpath, target] of Object.entries(packed.exports ?? {})) {
      if (typeof target === 'string') continue;
      const conditions = Object.keys(target as object);
      expect(conditions[0], `${subpath}: types first`).toBe('types');
      expect(conditions, subpath).not.toContain('@cache/source');
    }
  });
});
