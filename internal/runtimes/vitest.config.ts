import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('runtimes', { testTimeout: 240_000 });
