/**
 * The @cache demo as a library, for its tests and for embedding: the
 * seed's scenario and the HTTP service with the live dashboard.
 * @module
 */
export { configFromEnv, DEFAULT_PORT, DEFAULT_DATABASE_LATENCY_MS, DEFAULT_LOAD_RATE, type DemoConfig } from './config.js';
export { createDemoCache, L1_ENTRIES, L2_MEMORY_ENTRIES, DEMO_TTL, DEMO_GRACE, type DemoCache, type LevelKind } from './cache.js';
export { Database, DatabaseDownError, type DatabaseOptions, type User, type Product } from './database.js';
export { LoadGenerator, type LoadOptions, type LoadCounters } from './load.js';
export { runSeedScenario } from './scenario.js';
export { startDemoServer, EVENT_INTERVAL_MS, type DemoServer } from './server.js';
export { type DemoSnapshot, type LevelFigures } from './snapshot.js';
