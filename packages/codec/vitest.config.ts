import { cacheProject } from '../../vitest.shared.js';

export default cacheProject('codec', {});
