import { cacheProject } from '../../vitest.shared.js';

// The package's own tests also exercise the standalone global setup end to end
// (test/global-setup.test.ts reads inject('redisUrl')).
export default cacheProject('test-support', {
  globalSetup: ['./src/global-setup.ts'],
});
