import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseExposition } from '@cache/test-support/exposition';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(root, 'test', '.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README example', () => {
  it('runs and prints a p99 and Prometheus text that parses', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const lines = code!.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThanOrEqual(20);
    const runnable = code!
      .replace("from '@cache/stats'", `from ${JSON.stringify(join(root, 'src/index.js'))}`)
      .replace("from '@cache/memory'", `from ${JSON.stringify(resolve(root, '../memory/src/index.js'))}`);
    const file = join(dir, 'example.ts');
    writeFileSync(file, `${runnable}\nexport {};\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(file);
      const [first, second] = log.mock.calls.map((call) => String(call[0]));
      expect(first).toMatch(/^get hit: 2 timed, p99 ≈ [\d.]+ ns$/);
      const families = parseExposition(second!);
      expect(families.find((f) => f.name === 'cache_hits_total')?.samples[0]?.value).toBe(2);
      expect(families.find((f) => f.name === 'cache_misses_total')?.samples[0]?.value).toBe(1);
    } finally {
      log.mockRestore();
    }
  });
});
