import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the `(comm)` field, or undefined (no such process, or not Linux). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/**
 * The kernel's start time of a process (clock ticks since boot, /proc/<pid>/stat field 22).
 * Together with the pid it identifies a process even after pids are reused.
 */
export function processStartTime(pid: number): string | undefined {
  // field 22 overall; statFields starts at field 3
  return statFields(pid)?.[19];
}

/** Whether the process exists and is not a zombie (pid 1 here may never reap orphans). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc) return true;
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** The command line of a process (as rewritten by redis-server's process title), '' when unknown. */
export function processCommandLine(pid: number): string {
  if (hasProc) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      return '';
    }
  }
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/**
 * After SIGSTOP: blocks until every thread of `pid` is stopped (state `T`
 * in /proc), at most `timeoutMs`. `kill()` returns before the stop takes
 * effect, and a thread already running on another CPU may still answer a
 * request sent right after it; a fault test must not race that. Without
 * /proc it returns at once.
 */
export function waitUntilStopped(pid: number, timeoutMs = 2_000): void {
  if (!hasProc) return;
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      return; // gone
    }
    const stopped = threads.every((tid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return state === 'T' || state === 't' || state === 'Z' || state === 'X';
      } catch {
        return true; // the thread exited
      }
    });
    if (stopped || Date.now() > deadline) return;
    Atomics.wait(pause, 0, 0, 1);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until the process is gone (or a zombie); false on timeout. */
export async function waitForProcessGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}
