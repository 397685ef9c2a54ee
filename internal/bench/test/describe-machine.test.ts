import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeMachine } from '../src/index.js';

const dirs: string[] = [];

/** A directory laid out as Linux's /sys/devices/system/cpu/cpu0/cache, with the given (level, size) entries. */
function cacheDir(entries: readonly (readonly [level: string, size: string])[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cache-dir-'));
  dirs.push(dir);
  entries.forEach(([level, size], i) => {
    mkdirSync(join(dir, `index${i}`));
    writeFileSync(join(dir, `index${i}`, 'level'), `${level}\n`);
    writeFileSync(join(dir, `index${i}`, 'size'), `${size}\n`);
  });
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('describeMachine', () => {
  it('names the CPU model and count, and the largest cache level with its size', () => {
    const text = describeMachine(
      cacheDir([
        ['1', '48K'],
        ['1', '64K'],
        ['2', '2048K'],
        ['3', '491520K'],
      ]),
    );
    expect(text).toBe(`${cpus()[0]!.model.trim()} × ${cpus().length}, L3 480 MiB`);
  });

  it('reads sizes in bytes, KiB and MiB, and keeps the largest of the highest level', () => {
    expect(describeMachine(cacheDir([['2', '1M'], ['2', '524288']]))).toMatch(/, L2 1 MiB$/);
    expect(describeMachine(cacheDir([['1', '32K']]))).toMatch(/, L1 32 KiB$/);
  });

  it('leaves the cache out when there is no such directory or nothing in it can be read', () => {
    const model = `${cpus()[0]!.model.trim()} × ${cpus().length}`;
    expect(describeMachine(join(tmpdir(), 'no-such-cache-dir-for-this-test'))).toBe(model);
    expect(describeMachine(cacheDir([['x', '48K'], ['2', 'big']]))).toBe(model);
  });
});
