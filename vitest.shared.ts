import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Conditions used when tests resolve workspace packages: `@cache/source` maps
 * every `@cache/*` import to its TypeScript sources, so tests need no build.
 */
export const sourceConditions = ['@cache/source', 'module', 'node', 'development|production'];

/** The per-package vitest project every workspace package uses. */
export function cacheProject(name: string, test: UserWorkspaceConfig['test'] = {}) {
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
