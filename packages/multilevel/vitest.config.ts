import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('multilevel', {
  globalSetup: ['@cache/test-support/global-setup'],
  typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
});
