/**
 * The README's first example runs as written (against a memcached of this
 * file's own, through MEMCACHED_SERVERS) and prints what its comments say.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { useMemcached } from './helpers.js';

const mc = useMemcached(1);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it('the README example runs as written and prints what it says', async () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  vi.stubEnv('MEMCACHED_SERVERS', mc.addresses.join(','));
  const printed: unknown[] = [];
  vi.spyOn(console, 'log').mockImplementation((value: unknown) => void printed.push(value));
  // beside the tests, so its imports resolve like theirs
  const file = join(import.meta.dirname, `.readme-example-${randomUUID().slice(0, 8)}.ts`);
  writeFileSync(file, code.replace("from '@cache/memcached'", "from '../src/index.js'"));
  try {
    await import(file);
  } finally {
    rmSync(file, { force: true });
  }
  expect(printed).toEqual([{ name: 'Ada', since: new Date(0) }, true, [{ name: 'Ada', since: new Date(0) }, undefined], 3]);
});
