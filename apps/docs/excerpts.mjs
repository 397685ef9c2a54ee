// @ts-check
/**
 * Sections of the package READMEs that the guides show as they are (the
 * benchmark figures and the commands that produced them), copied into
 * `.generated/` on every build so the site never shows older numbers than
 * the READMEs. A guide includes one with `{@include ../.generated/<name>.md}`.
 * A section that cannot be found fails the build, naming the README and the
 * heading to restore (or to update here).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..', 'packages');
/** Where the excerpts are written (git-ignored). */
export const generatedDir = join(here, '.generated');

/** Excerpt name → the package directory and the start of its `## ` heading. */
export const EXCERPTS = {
  'memory-hit-ratios': { pkg: 'memory', heading: 'Hit ratios' },
  'memory-speed': { pkg: 'memory', heading: 'Speed' },
  'redis-measured': { pkg: 'redis', heading: 'Measured' },
  'cluster-benchmark': { pkg: 'cluster', heading: 'Benchmark' },
};

/**
 * The body of the `## ` section whose heading starts with `heading`, up to
 * the next `## ` heading, with its own heading removed.
 * @param {string} markdown
 * @param {string} heading
 * @param {string} file for the error message
 */
export function section(markdown, heading, file) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## ${heading}`));
  if (start === -1) throw new Error(`${file} has no "## ${heading}…" section, which the docs site shows; restore it or update apps/docs/excerpts.mjs`);
  let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  if (end === -1) end = lines.length;
  return lines.slice(start + 1, end).join('\n').trim() + '\n';
}

/** Writes every excerpt into `.generated/`. */
export function writeExcerpts() {
  mkdirSync(generatedDir, { recursive: true });
  for (const [name, { pkg, heading }] of Object.entries(EXCERPTS)) {
    const file = join(packagesDir, pkg, 'README.md');
    const text = section(readFileSync(file, 'utf8'), heading, file);
    const target = join(generatedDir, `${name}.md`);
    // unchanged files are left alone, so concurrent builds never read a half-written one
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
  }
}
