import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('memory', { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] } });
