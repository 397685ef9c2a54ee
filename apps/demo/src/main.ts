/**
 * `pnpm demo`: runs the seed's scenario, then serves the live dashboard
 * until interrupted. Settings come from the environment (see config.ts);
 * with no REDIS_URL every level is in process memory.
 * @module
 */
import { configFromEnv } from './config.js';
import { runSeedScenario } from './scenario.js';
import { startDemoServer } from './server.js';

async function main(): Promise<void> {
  const config = configFromEnv();
  const demo = await startDemoServer(config);
  for (const line of await runSeedScenario(demo.demo.cache)) console.log(line);
  const levels = demo.snapshot().levels.map((level) => `${level.name} (${level.kind})`);
  console.log(`\nLevels: ${levels.join(' -> ')}`);
  console.log(`Dashboard: ${demo.url}/   (JSON: ${demo.url}/api/users/123, ${demo.url}/api/stats; Prometheus: ${demo.url}/metrics)`);
  console.log(`Built-in load: ${config.loadRate} reads/s (change it on the dashboard). Ctrl+C stops.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
