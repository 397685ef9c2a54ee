/**
 * The one deadline of the `@cache` packages: every timeout race (a remote
 * tier's command, a bus publish, a lock command, a tiered cache's loader
 * `hardTimeout`) goes through {@link settleWithin}.
 * @module
 */

/**
 * Settles like `pending`, or rejects with `onTimeout()` once `ms` have
 * passed. A late answer (or failure) of `pending` is dropped.
 *
 * At the deadline the rejection waits for the rest of that event-loop turn
 * (`setImmediate`): a reply that already sits in the socket — the event loop
 * was busy when the timer came due — is read in the turn's poll phase and
 * wins, so a command the server ran in time is not reported as failed.
 *
 * The timer is unref'd: a pending deadline never keeps the process alive.
 * `ms` must be a finite delay that `setTimeout` accepts (at most
 * `MAX_TIMER_DELAY`); callers with an unbounded deadline await `pending`
 * themselves.
 */
export function settleWithin<T>(pending: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const expire = () => {
      if (settled) return;
      settled = true;
      reject(onTimeout());
    };
    const timer = setTimeout(() => setImmediate(expire), ms);
    timer.unref();
    pending.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
      },
    );
  });
}
