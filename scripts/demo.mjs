#!/usr/bin/env node
// `pnpm demo`: builds the packages the demo uses (tsc -b over the demo's
// project references: incremental, so later runs skip what is up to date),
// shows each package as it builds, then starts the demo. Arguments after
// `pnpm demo` are passed to the demo.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

process.stdout.write('demo: building the packages it uses (incremental; the first build takes a few seconds)\n');
const build = spawn(process.execPath, [tsc, '-b', 'apps/demo/tsconfig.build.json', '--verbose'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
let pending = '';
build.stdout.setEncoding('utf8');
build.stdout.on('data', (chunk) => {
  output += chunk;
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const project = /Building project '([^']+)'/.exec(line)?.[1];
    if (project !== undefined) process.stdout.write(`  building ${relative(root, dirname(project))} (${seconds()} s)\n`);
  }
});
build.stderr.setEncoding('utf8');
build.stderr.on('data', (chunk) => (output += chunk));
build.on('close', (code) => {
  if (code !== 0) {
    process.stderr.write(`${output}\ndemo: the build failed (tsc exit code ${code})\n`);
    process.exit(1);
  }
  process.stdout.write(`demo: built in ${seconds()} s; starting\n\n`);
  const demo = spawn(process.execPath, [join(root, 'apps/demo/dist/main.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
  demo.on('close', (status, signal) => process.exit(status ?? (signal === null ? 0 : 1)));
});
