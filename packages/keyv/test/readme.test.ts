/**
 * The README's example runs as written (against the project's redis-server
 * through REDIS_URL) and prints what its comments say.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, inject, it, vi } from 'vitest';
import type {} from '@cache/test-support/vitest-context';

const MARKER = '<!-- keyv-readme-example -->';

function example(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(MARKER)));
  if (readme.indexOf(MARKER) === -1 || block === null) throw new Error(`README.md has no \`\`\`ts block after ${MARKER}`);
  return block[1]!;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it('the README example runs as written and prints what it says', async () => {
  vi.stubEnv('REDIS_URL', inject('redisUrl'));
  const printed: unknown[] = [];
  vi.spyOn(console, 'log').mockImplementation((value: unknown) => void printed.push(value));
  // beside the tests, so its imports resolve like theirs
  const file = join(import.meta.dirname, `.readme-example-${randomUUID().slice(0, 8)}.ts`);
  writeFileSync(file, example());
  try {
    await import(file);
  } finally {
    rmSync(file, { force: true });
  }
  expect(printed).toEqual([{ name: 'Ada' }, { orders: 1234 }]);
});
