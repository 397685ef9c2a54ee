/**
 * The extraction the docs test relies on: which README blocks it finds, which
 * it only typechecks, and how it refuses a fence word it does not know.
 */
import { describe, expect, it } from 'vitest';
import { blocksOf, pointToMarkdown } from './code-blocks.js';

const fence = '```';

describe('README code blocks', () => {
  it('finds every ts and js block, and nothing else', () => {
    const text = [
      '# pkg',
      `${fence}sh`, 'npm install x', fence,
      `${fence}ts`, "console.log('a');", fence,
      `${fence}js`, "console.log('b');", fence,
      `${fence}json`, '{}', fence,
      fence, 'plain', fence,
    ].join('\n');
    expect(blocksOf('packages/pkg/README.md', text)).toEqual([
      { name: 'readme-pkg-1.ts', origin: 'packages/pkg/README.md:5', code: "console.log('a');\n", run: true },
      { name: 'readme-pkg-2.js', origin: 'packages/pkg/README.md:8', code: "console.log('b');\n", run: true },
    ]);
  });

  it('typechecks a `fragment` block without running it', () => {
    const [block] = blocksOf('README.md', [`${fence}ts fragment`, 'declare const x: number;', fence].join('\n'));
    expect(block).toMatchObject({ name: 'readme-root-1.ts', run: false });
  });

  it('takes indented blocks (inside a list item) with their indent removed', () => {
    const [block] = blocksOf('README.md', ['- step:', `  ${fence}ts`, '  const a = 1;', '    console.log(a);', `  ${fence}`].join('\n'));
    expect(block?.code).toBe('const a = 1;\n  console.log(a);\n');
  });

  it('refuses a fence word it does not know, so a typo cannot skip a block', () => {
    expect(() => blocksOf('packages/x/README.md', ['', `${fence}ts fragmnt`, 'x', fence].join('\n'))).toThrow(
      'packages/x/README.md:2: unknown fence word "fragmnt" (known: fragment)',
    );
  });

  it('points compiler messages at the markdown line', () => {
    const blocks = blocksOf('packages/core/README.md', ['# core', '', `${fence}ts`, 'const a: string = 1;', fence].join('\n'));
    const output = ".cache-test/run-1/blocks/readme-core-1.ts(1,7): error TS2322: Type 'number' is not assignable to type 'string'.";
    expect(pointToMarkdown(output, blocks)).toBe("packages/core/README.md:4:7: error TS2322: Type 'number' is not assignable to type 'string'.");
  });
});
