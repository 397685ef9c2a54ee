/**
 * The code blocks the docs test compiles and runs: the guides' ```ts blocks
 * that start with `// runnable`, and EVERY ```ts / ```js block of the root
 * README.md and of each packages/*\/README.md.
 *
 * A README block runs as written unless its fence says otherwise:
 * - ```ts fragment — typechecked but not run (a type signature, a piece of a
 *   larger program). Keep these rare: a reader copies what they see.
 * Any other word after the language is an error, so a typo cannot silently
 * take a block out of the checks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface CodeBlock {
  /** File name the block is written to (unique; `.ts` or `.js`). */
  name: string;
  /** Where a reader finds it: `packages/core/README.md:13`. */
  origin: string;
  code: string;
  /** false for ```ts fragment: typechecked only. */
  run: boolean;
}

const LANGUAGES: Record<string, 'ts' | 'js'> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };
const MARKERS = new Set(['fragment']);

/** ```ts blocks of the guides whose first line is `// runnable`. */
export function guideBlocks(guides: { file: string; text: string }[]): CodeBlock[] {
  return guides.flatMap(({ file, text }) =>
    [...text.matchAll(/^```ts\n\/\/ runnable\n([\s\S]*?)^```$/gm)].map((match, i) => ({
      name: `${basename(file, '.md')}-${i + 1}.ts`,
      origin: `apps/docs/guides/${file}:${lineOf(text, match.index)}`,
      code: match[1]!,
      run: true,
    })),
  );
}

/** The READMEs whose code blocks must run: the root one and each package's. */
export function readmeFiles(repoDir: string): string[] {
  const packagesDir = join(repoDir, 'packages');
  const packageReadmes = readdirSync(packagesDir)
    .sort()
    .map((dir) => join('packages', dir, 'README.md'))
    .filter((path) => existsSync(join(repoDir, path)));
  return ['README.md', ...packageReadmes];
}

/** Every ```ts / ```js block of the READMEs (see the file comment for `fragment`). */
export function readmeBlocks(repoDir: string): CodeBlock[] {
  return readmeFiles(repoDir).flatMap((path) => blocksOf(path, readFileSync(join(repoDir, path), 'utf8')));
}

/** The blocks of one markdown file; `path` is relative to the repository root. */
export function blocksOf(path: string, text: string): CodeBlock[] {
  const stem = path === 'README.md' ? 'readme-root' : `readme-${path.split('/').at(-2)}`;
  const blocks: CodeBlock[] = [];
  // A fence may be indented (inside a list item); its closing fence has the same indent.
  for (const match of text.matchAll(/^( *)```([A-Za-z]+)([^\n`]*)\n([\s\S]*?)^\1```[ \t]*$/gm)) {
    const [, indent = '', language = '', info = '', body = ''] = match;
    const ext = LANGUAGES[language.toLowerCase()];
    if (ext === undefined) continue;
    const origin = `${path}:${lineOf(text, match.index)}`;
    const words = info.trim().split(/\s+/).filter((word) => word !== '');
    const unknown = words.filter((word) => !MARKERS.has(word));
    if (unknown.length > 0) throw new Error(`${origin}: unknown fence word ${unknown.map((w) => `"${w}"`).join(', ')} (known: ${[...MARKERS].join(', ')})`);
    const code = body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
    blocks.push({ name: `${stem}-${blocks.length + 1}.${ext}`, origin, code, run: !words.includes('fragment') });
  }
  return blocks;
}

/** What is written to disk: `export {}` makes every block a module (top-level await, no shared globals). */
export function moduleSource(block: CodeBlock): string {
  return `${block.code}\nexport {};\n`;
}

/**
 * Rewrites compiler messages about a written block (`…/blocks/readme-core-2.ts(5,67)`)
 * to the markdown line a reader edits (`packages/core/README.md:18:67`).
 */
export function pointToMarkdown(output: string, blocks: CodeBlock[]): string {
  const byName = new Map(blocks.map((block) => [block.name, block]));
  return output.replace(/\S*\/blocks\/([\w.-]+)\((\d+),(\d+)\)/g, (whole, name: string, line: string, column: string) => {
    const block = byName.get(name);
    if (block === undefined) return whole;
    const [file, fence] = block.origin.split(':') as [string, string];
    return `${file}:${Number(fence) + Number(line)}:${column}`;
  });
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}
