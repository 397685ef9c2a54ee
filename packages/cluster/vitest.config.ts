import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('cluster', {
  globalSetup: ['../../internal/test-support/src/global-setup-cluster.ts'],
  typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
});
