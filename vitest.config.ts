import { defineConfig } from 'vitest/config';

const jsonReport = process.env.CACHE_TEST_JSON;

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'internal/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
