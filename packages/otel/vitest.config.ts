import { defineProject } from 'vitest/config';

// Like the other packages' cacheProject(), without the `module` condition:
// @opentelemetry/api's `module` build has extensionless imports that only a
// bundler resolves; Node (and users) load its `node`/`default` build.
const conditions = ['@cache/source', 'node', 'development|production'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@cache/source'] } },
  test: {
    name: 'otel',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
