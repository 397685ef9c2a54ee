import { renameSync, rmSync, unlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import { isProcessRunning, processCommandLine, processStartTime, waitForProcessGone } from './processes.js';
import { DATA_DIR, readRecord, recordFileNames, REGISTRY_DIR, type ServerRecord } from './registry.js';

function ownerIsAlive(record: ServerRecord): boolean {
  if (!isProcessRunning(record.ownerPid)) return false;
  // a live process with the owner's pid but another start time is a later process that reused the pid
  const startTime = processStartTime(record.ownerPid);
  return record.ownerStartTime === undefined || startTime === undefined || startTime === record.ownerStartTime;
}

/** Whether `record.pid` still is the redis-server we recorded (never kill a process that reused the pid). */
function isRecordedRedis(record: ServerRecord): boolean {
  if (!isProcessRunning(record.pid)) return false;
  const startTime = processStartTime(record.pid);
  if (record.startTime !== undefined && startTime !== undefined && startTime !== record.startTime) return false;
  const commandLine = processCommandLine(record.pid);
  // redis-server sets its process title to "redis-server 127.0.0.1:PORT" (plus " [cluster]")
  return commandLine.includes('redis') && commandLine.includes(`:${record.port}`);
}

function removeDataDir(dir: unknown): void {
  // only ever delete inside our own data directory
  if (typeof dir === 'string' && dir.startsWith(DATA_DIR + sep)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Kills redis-server processes that were started by this package in a process that has died
 * since (a killed test run), and removes their records and data dirs.
 * Servers of live processes (e.g. a concurrent test run) are left alone.
 * Returns how many processes were killed.
 */
export async function cleanupOrphans(): Promise<number> {
  let killed = 0;
  for (const name of recordFileNames()) {
    const file = join(REGISTRY_DIR, name);
    const record = readRecord(file);
    if (record === undefined || ownerIsAlive(record)) continue;
    // claim the record first so concurrent cleanups never act on the same one twice
    const claimed = `${file}.claimed-${process.pid}`;
    try {
      renameSync(file, claimed);
    } catch {
      continue;
    }
    if (isRecordedRedis(record)) {
      try {
        process.kill(record.pid, 'SIGKILL');
        killed++;
      } catch {
        // exited in the meantime
      }
      await waitForProcessGone(record.pid, 2_000);
    }
    removeDataDir(record.dir);
    try {
      unlinkSync(claimed);
    } catch {
      // nothing to do
    }
  }
  return killed;
}
