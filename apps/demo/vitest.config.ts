import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('demo', {
  globalSetup: ['@cache/test-support/global-setup'],
});
