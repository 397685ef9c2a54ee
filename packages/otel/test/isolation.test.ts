/**
 * With OpenTelemetry absent nothing changes: no package but this one
 * depends on `@opentelemetry/*` or imports it, so a user of memory,
 * multilevel, redis or stats neither installs nor loads it, and their hot
 * paths are the code they were (the memory get-hit benchmark runs code this
 * package cannot reach).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const packagesDir = resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('without OpenTelemetry', () => {
  const others = readdirSync(packagesDir).filter((dir) => dir !== 'otel' && statSync(join(packagesDir, dir, 'package.json'), { throwIfNoEntry: false }) !== undefined);

  it('no other package depends on @opentelemetry/* or on @cache/otel', () => {
    expect(others).toEqual(expect.arrayContaining(['core', 'memory', 'stats', 'multilevel', 'redis']));
    for (const dir of others) {
      const manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      const runtime = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
      expect(Object.keys(runtime).filter((name) => name.startsWith('@opentelemetry/') || name === '@cache/otel'), dir).toEqual([]);
    }
  });

  it('no other package’s source imports @opentelemetry/* or @cache/otel', () => {
    for (const dir of others) {
      for (const file of sourceFiles(join(packagesDir, dir, 'src'))) {
        expect(readFileSync(file, 'utf8'), file).not.toMatch(/from '(@opentelemetry\/|@cache\/otel)/);
      }
    }
  });

  it('@cache/memory depends on core only', () => {
    const manifest = JSON.parse(readFileSync(join(packagesDir, 'memory', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['@cache/core']);
  });
});
