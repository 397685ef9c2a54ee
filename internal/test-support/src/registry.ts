import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processStartTime } from './processes.js';

/**
 * Every redis-server this package spawns is recorded as `<REGISTRY_DIR>/<pid>.json`, and its
 * data lives in `<REGISTRY_DIR>/data/`, so a later run can find and kill servers whose owner
 * process died without stopping them (see cleanupOrphans).
 */
export const REGISTRY_DIR = join(tmpdir(), 'cache-test-redis');
export const DATA_DIR = join(REGISTRY_DIR, 'data');

export interface ServerRecord {
  /** pid of the redis-server process */
  pid: number;
  /** kernel start time of that pid, to tell it from a later process with the same pid */
  startTime: string | undefined;
  port: number;
  /** its --dir (removed when the orphan is cleaned up) */
  dir: string;
  /** pid of the Node process that spawned it */
  ownerPid: number;
  ownerStartTime: string | undefined;
  /** ISO time the server was spawned */
  startedAt: string;
}

const ownStartTime = processStartTime(process.pid);

export function recordFile(pid: number): string {
  return join(REGISTRY_DIR, `${pid}.json`);
}

/** Writes the record atomically (write + rename), synchronously so no crash window is left open. */
export function registerServer(server: { pid: number; port: number; dir: string }): void {
  mkdirSync(REGISTRY_DIR, { recursive: true });
  const record: ServerRecord = {
    pid: server.pid,
    startTime: processStartTime(server.pid),
    port: server.port,
    dir: server.dir,
    ownerPid: process.pid,
    ownerStartTime: ownStartTime,
    startedAt: new Date().toISOString(),
  };
  const file = recordFile(server.pid);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, JSON.stringify(record));
  renameSync(temporary, file);
}

export function unregisterServer(pid: number): void {
  try {
    unlinkSync(recordFile(pid));
  } catch {
    // already gone
  }
}

/** Names of the record files (`<pid>.json`) currently in the registry. */
export function recordFileNames(): string[] {
  try {
    return readdirSync(REGISTRY_DIR).filter((name) => /^\d+\.json$/.test(name));
  } catch {
    return [];
  }
}

export function readRecord(path: string): ServerRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServerRecord>;
    if (typeof parsed.pid !== 'number' || typeof parsed.port !== 'number' || typeof parsed.ownerPid !== 'number') {
      return undefined;
    }
    return parsed as ServerRecord;
  } catch {
    return undefined;
  }
}
