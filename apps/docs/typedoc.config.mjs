// @ts-check
/**
 * The docs site: TypeDoc over every publishable package under packages/
 * (found here, never listed by hand), each package's README as its landing
 * page, the guides as project documents. Warnings are errors, and validation
 * covers broken links, broken relative paths and types referenced from the
 * API but not exported.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OptionDefaults } from 'typedoc';
import { writeExcerpts } from './excerpts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..', 'packages');

/**
 * Every directory under packages/ with a package.json that is not private.
 * @returns {{ dir: string, name: string }[]}
 */
export function publishablePackages() {
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { dir, name: String(manifest.name), private: manifest.private === true };
    })
    .filter((pkg) => !pkg.private)
    .map(({ dir, name }) => ({ dir, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

writeExcerpts();

// "the @cache tiers" in prose: see plugins/at-text.mjs
const blockTags = [...OptionDefaults.blockTags, '@cache'];

/** @type {Partial<import('typedoc').TypeDocOptions> & { perPackageOptions: Record<string, Partial<import('typedoc').TypeDocOptions>> }} */
const config = {
  name: '@cache',
  entryPointStrategy: 'packages',
  entryPoints: publishablePackages().map((pkg) => pkg.dir),
  // Options of each package's own conversion (packages mode does not inherit the root's).
  packageOptions: { blockTags, disableSources: true },
  // Options for one package's conversion, e.g. `{ '@cache/x': { intentionallyNotExported: ['src/f.ts:T'] } }`
  // for a type its public API references without exporting (none today: validation fails on any).
  perPackageOptions: {},
  plugin: ['at-text.mjs', 'main-module.mjs', 'per-package-options.mjs'].map((file) => join(here, 'plugins', file)),
  blockTags,

  readme: join(here, 'home.md'),
  projectDocuments: [join(here, 'guides', '*.md')],
  out: join(here, 'dist'),
  disableSources: true, // no public repository URL to link source files to
  searchInDocuments: true,
  navigation: { includeGroups: false, includeCategories: false, includeFolders: false },
  sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],

  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, unusedMergeModuleWith: true, notDocumented: false },
};

export default config;
