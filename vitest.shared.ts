import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Conditions used when tests resolve workspace packages: `@cache/source` maps
 * every `@cache/*` import to its TypeScript sources, so tests need no build.
 */
export const sourceConditions = ['@cache/source', 'module', 'node', 'development|production'];

/**
 * The per-package vitest project every workspace package uses. With
 * `CACHE_TYPECHECK=0` its type tests (`*.test-d.ts`) are left out: the
 * runtimes suite sets it when it reruns suites under another runtime, since
 * types do not depend on the runtime, and two runs type-checking at once
 * share tsc's incremental build file inside vitest.
 */
export function cacheProject(name: string, test: UserWorkspaceConfig['test'] = {}) {
  if (process.env.CACHE_TYPECHECK === '0') test = { ...test, typecheck: { ...test.typecheck, enabled: false } };
  return defineProject({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@cache/source'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
