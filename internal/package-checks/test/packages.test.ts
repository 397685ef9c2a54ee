/**
 * Every publishable package, packed as npm would publish it, passes publint
 * (strict) and are-the-types-wrong (esm-only profile), ships what its
 * package.json promises (and no build info), its LICENSE, and the fields a
 * registry page and provenance need. Needs the packages built (`pnpm build`), which the
 * root `pnpm test` does first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack, publishable, root, run, tarballFiles, type Manifest } from './pack.js';

const bin = (name: string) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);

/** The repository every package points to (a placeholder until the project's public home is settled). */
const REPOSITORY = 'https://github.com/cache-dev/cache';

const workdir = mkdtempSync(join(tmpdir(), 'cache-pack-'));
const tarballs = new Map<string, string>();

beforeAll(async () => {
  for (const pkg of publishable) tarballs.set(pkg.manifest.name, await pack(pkg, join(workdir, pkg.folder)));
});

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe.each(publishable.map((p) => [p.manifest.name, p] as const))('%s', (name, { folder, dir, manifest }) => {
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

  it('names its repository folder, homepage, issue tracker and license', () => {
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${folder}` });
    expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/packages/${folder}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` });
  });

  it('publishes publicly with provenance', () => {
    expect(manifest.publishConfig).toMatchObject({ access: 'public', provenance: true });
  });

  it('ships the MIT LICENSE of the repository', async () => {
    const { stdout } = await run('tar', ['-xzOf', tarballs.get(name)!, 'package/LICENSE']);
    expect(stdout).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
  });

  it('ships no TypeScript build info (pnpm pack and npm pack --dry-run)', async () => {
    const packed = await tarballFiles(tarballs.get(name)!);
    expect(packed.filter((file) => file.endsWith('.tsbuildinfo'))).toEqual([]);
    expect(packed).toContain('dist/index.js');
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir });
    const [report] = JSON.parse(stdout) as { files: { path: string }[] }[];
    expect(report!.files.map((file) => file.path).filter((path) => path.endsWith('.tsbuildinfo'))).toEqual([]);
  });
});
