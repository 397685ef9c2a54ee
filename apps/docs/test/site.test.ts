/**
 * Builds the docs site the way `pnpm run docs` does (TypeDoc's CLI with
 * typedoc.config.mjs, into a temporary directory) and checks what a reader
 * would hit: warnings, missing package or guide pages, broken links, and
 * examples that no longer compile or run against the packages: the guides'
 * example files and `// runnable` blocks, and every code block of the root
 * README and of each package README (see code-blocks.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '@cache/test-support/vitest-context';
import { parseExposition } from '@cache/test-support/exposition';
import { guideBlocks, moduleSource, pointToMarkdown, readmeBlocks, readmeFiles, type CodeBlock } from './code-blocks.js';

const run = promisify(execFile);
const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(docsDir, '..', '..');
const guidesDir = join(docsDir, 'guides');
const examplesDir = join(guidesDir, 'examples');
// Per run: engineers share one working tree, and their test runs may overlap.
const scratchDir = join(docsDir, '.cache-test', `run-${process.pid}`);
const require = createRequire(join(docsDir, 'package.json'));
const typedocBin = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
const tscBin = require.resolve('typescript/bin/tsc');
/** First line of an example that prints the /metrics body it serves: its output must be valid text format 0.0.4. */
const SERVES_METRICS = '// Prints the /metrics body it serves';

interface Outcome {
  code: number;
  output: string;
}

async function node(args: string[], env: Record<string, string> = {}, timeout = 0): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: docsDir, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; killed?: boolean; stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
    if (e.killed === true) return { code: 1, output: `${output}\n[did not exit within ${timeout} ms: something it opened is still open]` };
    return { code: typeof e.code === 'number' ? e.code : 1, output };
  }
}

/** Packages the site must document: every non-private package under packages/. */
function packages(): { name: string; dir: string }[] {
  const root = join(repoDir, 'packages');
  return readdirSync(root)
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir }));
}

/** The guides and their titles (front matter `title:`). */
function guides(): { file: string; title: string; text: string }[] {
  return readdirSync(guidesDir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const text = readFileSync(join(guidesDir, file), 'utf8');
      const title = /^---\n[\s\S]*?^title:\s*(.+)$/m.exec(text)?.[1]?.trim();
      if (title === undefined) throw new Error(`${file} has no "title:" in its front matter`);
      return { file, title, text };
    });
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** Decodes one of TypeDoc's `window.<name> = "<base64 deflate JSON>"` assets. */
function decodeAsset(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const data = /= "([^"]+)"/.exec(text)?.[1];
  if (data === undefined) throw new Error(`no data in ${file}`);
  return JSON.parse(inflateSync(Buffer.from(data, 'base64')).toString('utf8'));
}

interface NavItem {
  text: string;
  path?: string;
  children?: NavItem[];
}

/** Every block the test writes to disk, typechecks, and (unless a fragment) runs. */
function codeBlocks(): CodeBlock[] {
  return [...guideBlocks(guides()), ...readmeBlocks(repoDir)];
}

let out: string;
let site: string;
let typedoc: Outcome;
let tsc: Outcome;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cache-docs-'));
  site = join(out, 'site');
  rmSync(scratchDir, { recursive: true, force: true });
  mkdirSync(join(scratchDir, 'blocks'), { recursive: true });
  for (const block of codeBlocks()) writeFileSync(join(scratchDir, 'blocks', block.name), moduleSource(block));
  const tsconfig = join(scratchDir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({ extends: '../../tsconfig.examples.json', compilerOptions: { rootDir: '../..', outDir: 'out', allowJs: true }, include: ['../../guides/examples', 'blocks'] }),
  );
  [typedoc, tsc] = await Promise.all([
    // Warnings are reported by the first test; turned off here only so a
    // warning does not also leave the other checks without a site to look at.
    node([typedocBin, '--options', 'typedoc.config.mjs', '--out', site, '--json', join(out, 'site.json'), '--treatWarningsAsErrors', 'false', '--treatValidationWarningsAsErrors', 'false']),
    node([tscBin, '-p', tsconfig]),
  ]);
}, 180_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(scratchDir, { recursive: true, force: true });
});

describe('the site', () => {
  it('builds with no errors or warnings', () => {
    expect(typedoc.output).not.toMatch(/\[(warning|error)\]/);
    expect(typedoc.code, typedoc.output).toBe(0);
  });

  it('has a page for every package under packages/, with its README', () => {
    const titles = new Map(
      htmlFiles(join(site, 'modules')).map((file) => [/<title>(.*?) \| /.exec(readFileSync(file, 'utf8'))?.[1], file] as const),
    );
    for (const { name, dir } of packages()) {
      const page = titles.get(name);
      expect(page, `no module page titled ${name}`).toBeDefined();
      const readme = readFileSync(join(repoDir, 'packages', dir, 'README.md'), 'utf8');
      const heading = /^# (.+)$/m.exec(readme)?.[1];
      expect(readFileSync(page!, 'utf8'), `${name}'s page does not show its README`).toContain(`>${heading}<`);
    }
  });

  it('renders every guide', () => {
    const titles = new Set(htmlFiles(join(site, 'documents')).map((file) => /<title>(.*?) \| /.exec(readFileSync(file, 'utf8'))?.[1]));
    for (const guide of guides()) expect(titles, guide.file).toContain(guide.title);
  });

  it('lists every package and guide in the navigation and the search index', () => {
    const nav = decodeAsset(join(site, 'assets', 'navigation.js')) as NavItem[];
    const flat: NavItem[] = [];
    const walk = (items: NavItem[]) => items.forEach((item) => (flat.push(item), walk(item.children ?? [])));
    walk(nav);
    for (const item of flat) if (item.path !== undefined) expect(existsSync(join(site, item.path.replace(/#.*$/, ''))), item.path).toBe(true);
    const texts = new Set(flat.map((item) => item.text));
    for (const { name } of packages()) expect(texts).toContain(name);
    for (const { title } of guides()) expect(texts).toContain(title);
    const search = decodeAsset(join(site, 'assets', 'search.js')) as { rows: { name: string }[] };
    const names = new Set(search.rows.map((row) => row.name));
    for (const { title } of guides()) expect(names).toContain(title);
  });

  it('has no relative link or asset reference that points nowhere', () => {
    const broken: string[] = [];
    for (const file of htmlFiles(site)) {
      const html = readFileSync(file, 'utf8');
      for (const [, target] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        if (target === undefined || target === '' || target.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
        if (!existsSync(resolve(dirname(file), path))) broken.push(`${relative(site, file)} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the guides and READMEs', () => {
  const examples = readdirSync(examplesDir).filter((file) => file.endsWith('.ts'));

  it('show every example file', () => {
    const text = guides().map((guide) => guide.text).join('\n');
    for (const example of examples) expect(text, example).toContain(`{@includeCode ./examples/${example}}`);
  });

  it('show a runnable example in the root README and every package README', () => {
    const blocks = readmeBlocks(repoDir);
    for (const readme of readmeFiles(repoDir)) expect(blocks.filter((b) => b.run && b.origin.startsWith(`${readme}:`)).length, readme).toBeGreaterThan(0);
  });

  it('have examples and README blocks that typecheck against the built packages', () => {
    expect(pointToMarkdown(tsc.output, codeBlocks())).toBe('');
    expect(tsc.code).toBe(0);
  });

  const runnable = [
    ...examples.map((file) => ({ name: `apps/docs/guides/examples/${file}`, source: join(examplesDir, file), compiled: join(scratchDir, 'out', 'guides', 'examples', file.replace(/\.ts$/, '.js')) })),
    ...codeBlocks()
      .filter((block) => block.run)
      .map((block) => ({ name: block.origin, source: join(scratchDir, 'blocks', block.name), compiled: join(scratchDir, 'out', relative(docsDir, scratchDir), 'blocks', block.name.replace(/\.ts$/, '.js')) })),
  ];
  it.each(runnable)('run: $name', async ({ source, compiled }) => {
    const code = readFileSync(source, 'utf8');
    // Blocks connect with `process.env.REDIS_URL ?? …` / `REDIS_CLUSTER_NODES` / `MEMCACHED_SERVERS`: the test-support servers.
    const env = {
      REDIS_URL: inject('redisUrl'),
      MEMCACHED_SERVERS: inject('memcachedServers').join(','),
      REDIS_CLUSTER_NODES: inject('redisClusterNodes').map((n) => `${n.host}:${n.port}`).join(','),
    };
    const result = await node([compiled], env, 30_000);
    expect(result.code, result.output).toBe(0);
    if (code.startsWith(SERVES_METRICS)) expect(parseExposition(result.output).length, result.output).toBeGreaterThan(0);
  });
});
