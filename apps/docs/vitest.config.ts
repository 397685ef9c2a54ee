import { cacheProject } from '../../vitest.shared.js';

// The site build runs once for the file (beforeAll); examples that use Redis
// run against the servers the test-support global setup starts.
export default cacheProject('docs', {
  globalSetup: ['@cache/test-support/global-setup-cluster'],
  testTimeout: 60_000,
  hookTimeout: 180_000,
});
