/**
 * The root README (not part of the site, so the site's link check does not
 * see it): its links resolve, and the comparison it sells with quotes only
 * figures that a package README publishes (with the command that produced
 * them), so a re-run benchmark cannot leave a stale number on the front page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeFiles } from './code-blocks.js';

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const readme = readFileSync(join(repoDir, 'README.md'), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

describe('the root README', () => {
  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const [, target = ''] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const [path = '', hash] = target.split('#');
      const file = join(repoDir, path);
      if (!existsSync(file)) broken.push(target);
      else if (hash !== undefined) {
        const headings = [...readFileSync(file, 'utf8').matchAll(/^#+ (.+)$/gm)].map(([, h = '']) => anchor(h));
        if (!headings.includes(hash)) broken.push(target);
      }
    }
    expect(broken).toEqual([]);
  });

  it('quotes in "Why @cache" only figures the package READMEs publish', () => {
    const why = /^## Why @cache\n([\s\S]*?)^## /m.exec(readme)?.[1];
    expect(why, 'no "## Why @cache" section').toBeDefined();
    const published = readmeFiles(repoDir)
      .filter((path) => path !== 'README.md')
      .map((path) => readFileSync(join(repoDir, path), 'utf8'))
      .join('\n');
    // Figures: decimals (1.25, 63.3) and numbers of three digits or more (369, 1,000).
    const figures = [...why!.matchAll(/\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\d{3,}/g)].map(([figure]) => figure);
    expect(figures.length).toBeGreaterThan(10);
    expect(figures.filter((figure) => !published.includes(figure))).toEqual([]);
  });
});
