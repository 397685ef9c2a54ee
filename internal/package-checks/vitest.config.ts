import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('package-checks', { testTimeout: 120_000 });
