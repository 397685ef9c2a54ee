import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('keyv', {
  globalSetup: ['../../internal/test-support/src/global-setup-cluster.ts'],
});
