import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('bench-multilevel', { testTimeout: 180_000 });
