/**
 * Batch running: one node's planned commands sent as one pipeline, with
 * the redirections a cluster answers (MOVED, ASK, TRYAGAIN, CLUSTERDOWN)
 * handled per command.
 * @module
 */
import type { Cluster } from 'ioredis';
import type { FencedClient } from '@cache/redis/internal';
import type { ClusterTier } from '../cluster-tier.js';
import type { Unit } from './plan.js';

/** A command's outcome: `[error, reply]` like ioredis pipelines. */
export type Outcome = [error: unknown, reply: unknown];

const ALLOCATION_GROUP = 'slots allocation group';
const REDIRECTION = /^(?:MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /;

/** Whether a command's error is a cluster redirection: the command was not executed and may be re-sent. */
export const isRedirection = (error: unknown): boolean => error instanceof Error && REDIRECTION.test(error.message);

/**
 * Runs one node's commands: a single command directly, several in one
 * pipeline. Never rejects: each unit gets its `[error, reply]`. A pipeline
 * the client refuses because the slot map changed since planning is re-run
 * as single commands. Commands answered with a redirection (MOVED, ASK,
 * TRYAGAIN, CLUSTERDOWN: not executed) are sent once more, alone, after the
 * slot map was re-read: ioredis follows a redirection inside a pipeline only
 * when every command of it failed alike.
 */
export async function runUnits(
  t: ClusterTier<unknown>,
  operation: string,
  units: readonly Unit[],
  direct: (client: FencedClient<Cluster>, unit: Unit) => Promise<unknown>,
  add: (pipeline: ReturnType<Cluster['pipeline']>, unit: Unit) => void,
): Promise<Outcome[]> {
  const client = t.writer;
  const singly = (some: readonly Unit[]) =>
    Promise.all(
      some.map((unit) =>
        t.policy.call(operation, undefined, () => direct(client, unit)).then(
          (reply): Outcome => [null, reply],
          (error: unknown): Outcome => [error, undefined],
        ),
      ),
    );
  let outcomes: Outcome[];
  if (units.length === 1) outcomes = await singly(units);
  else {
    try {
      const replies: Outcome[] | null = await t.policy.call(operation, undefined, () => {
        const pipeline = client.pipeline();
        for (const unit of units) add(pipeline, unit);
        return pipeline.exec();
      });
      if (replies === null || replies.length !== units.length) throw new Error('pipeline returned no replies');
      outcomes = replies;
    } catch (error) {
      // the slot map changed between planning and sending: let the client route each command
      if (error instanceof Error && error.message.includes(ALLOCATION_GROUP)) outcomes = await singly(units);
      else return units.map((): Outcome => [error, undefined]);
    }
  }
  const redirected: number[] = [];
  outcomes.forEach(([error], u) => {
    if (isRedirection(error)) redirected.push(u);
  });
  if (redirected.length === 0) return outcomes;
  try {
    await t.policy.call(operation, undefined, () => new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve())));
  } catch {
    // the retry below still follows single redirections
  }
  const again = await singly(redirected.map((u) => units[u]!));
  redirected.forEach((u, n) => {
    outcomes[u] = again[n]!;
  });
  return outcomes;
}
