import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('bench-outage', { testTimeout: 120_000 });
