import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(root, 'test', '.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README example', () => {
  it('runs and prints the spans and the loads metric it promises', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const runnable = code!.replace("from '@cache/otel'", `from ${JSON.stringify(join(root, 'src/index.js'))}`);
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${runnable}\nexport {};\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(file);
      const printed = log.mock.calls.map((call) => call.join(' '));
      expect(printed).toEqual(['cache.load: cache.getOrSet:load cache.getOrSet:hit true']);
      expect(code).toContain(`// ${printed[0]}`);
    } finally {
      log.mockRestore();
    }
  });
});
