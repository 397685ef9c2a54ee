import { cacheProject } from '../../vitest.shared.js';

// Every test file starts the memcached servers it needs (internal/test-support).
export default cacheProject('memcached');
