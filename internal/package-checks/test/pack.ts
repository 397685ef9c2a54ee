/**
 * The publishable packages (every non-private package under packages/) and
 * how to pack one exactly as `pnpm publish` would. Needs the packages built
 * (`pnpm build`), which the root `pnpm test` does first.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const root = resolve(import.meta.dirname, '../../..');

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  exports?: Record<string, unknown>;
  files?: string[];
  sideEffects?: boolean;
  dependencies?: Record<string, string>;
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  publishConfig?: { access?: string; provenance?: boolean };
}

export interface Publishable {
  /** The package's folder under packages/. */
  folder: string;
  dir: string;
  manifest: Manifest;
}

export const publishable: Publishable[] = readdirSync(join(root, 'packages'))
  .map((folder) => ({ folder, dir: join(root, 'packages', folder) }))
  .filter(({ dir }) => existsSync(join(dir, 'package.json')))
  .map(({ folder, dir }) => ({ folder, dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => !manifest.private);

/** Packs `pkg` with `pnpm pack` into `destination` and returns the tarball's path. */
export async function pack(pkg: Publishable, destination: string): Promise<string> {
  if (!existsSync(join(pkg.dir, 'dist'))) throw new Error(`${pkg.manifest.name} has no dist/: run \`pnpm build\` before these checks`);
  await run('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir });
  const file = readdirSync(destination).find((name) => name.endsWith('.tgz'));
  if (file === undefined) throw new Error(`pnpm pack produced nothing for ${pkg.manifest.name}`);
  return join(destination, file);
}

/** The paths inside a tarball, without the leading `package/`. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}
