import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('stats', { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] } });
