/**
 * The parent and its child processes (database, services, load generator)
 * talk over Node's IPC channel: a child announces itself with `ready`, then
 * answers calls (`{ type: 'call', id, name, body }` → `{ type: 'reply', id,
 * body }` or `{ type: 'reply', id, error }`). Unlike @cache/bench's
 * runWorkerProcess (one synchronous job), these children run side by side
 * while the parent hurts Redis.
 * @module
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Message =
  | { type: 'ready'; body: unknown }
  | { type: 'reply'; id: number; body?: unknown; error?: string }
  | { type: 'call'; id: number; name: string; body?: unknown }
  | { type: 'exit' };

/** A running child process, as the parent sees it. */
export interface Child<Ready> {
  /** What the child announced when it was ready (e.g. its port). */
  readonly ready: Ready;
  /** Calls `name` in the child; rejects when it throws or the child dies. */
  call<T>(name: string, body?: unknown): Promise<T>;
  /** Asks the child to exit; SIGKILL after 3 s. */
  stop(): Promise<void>;
}

/** How long a child may take to announce itself. */
const READY_TIMEOUT_MS = 30_000;

/** Forks `script` (a compiled module beside the caller) with `job` as JSON in argv, and waits for its `ready`. */
export function startChild<Ready>(script: URL, job: unknown, name: string): Promise<Child<Ready>> {
  const child = fork(fileURLToPath(script), [JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${name} exited (${signal ?? code})${stderr === '' ? '' : `:\n${stderr}`}`)));
  const pending = new Map<number, { resolve: (body: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  void exited.then((why) => {
    for (const waiter of pending.values()) waiter.reject(new Error(why));
    pending.clear();
  });

  return new Promise<Child<Ready>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${READY_TIMEOUT_MS} ms:\n${stderr}`));
    }, READY_TIMEOUT_MS);
    void exited.then((why) => {
      clearTimeout(timer);
      reject(new Error(why));
    });
    child.on('message', (message: Message) => {
      if (message.type === 'reply') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error === undefined) waiter?.resolve(message.body);
        else waiter?.reject(new Error(`${name}: ${message.error}`));
      } else if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          ready: message.body as Ready,
          call: <T>(call: string, body?: unknown) =>
            new Promise<T>((resolveCall, rejectCall) => {
              const id = nextId++;
              pending.set(id, { resolve: resolveCall as (body: unknown) => void, reject: rejectCall });
              child.send({ type: 'call', id, name: call, body } satisfies Message);
            }),
          stop: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.send({ type: 'exit' } satisfies Message);
            const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
            await exited;
            clearTimeout(kill);
          },
        });
      }
    });
  });
}

/**
 * In a child: announces `ready` to the parent and answers its calls with
 * `handlers`; exits when asked or when the parent goes away.
 */
export function serveParent(ready: unknown, handlers: Record<string, (body: unknown) => unknown>): void {
  const send = (message: Message) => process.send?.(message);
  process.on('message', (message: Message) => {
    if (message.type === 'exit') process.exit(0);
    if (message.type !== 'call') return;
    const handler = handlers[message.name];
    Promise.resolve()
      .then(() => {
        if (handler === undefined) throw new Error(`no handler '${message.name}'`);
        return handler(message.body);
      })
      .then(
        (body) => send({ type: 'reply', id: message.id, body }),
        (error: unknown) => send({ type: 'reply', id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', body: ready });
}

/** The job a child was started with (argv JSON). */
export function jobOf<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}
