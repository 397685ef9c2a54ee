/**
 * Regression: two MultiLevelCache instances over a cluster-backed bus. A node
 * that hangs (SIGSTOP) never closes the connections to it, so when it was
 * the node B's bus subscribed on, B heard nothing and said nothing: A's
 * write, published meanwhile, never reached B, and B's L1 kept serving the
 * old value until the node came back (or for the rest of the TTL).
 *
 * On a cluster of this file's own: B's subscriber node is SIGSTOPped and
 * left hanging, A writes and publishes. B's bus heartbeat (a PING not
 * answered within commandTimeout) must report the subscription lost, and B
 * must serve the new value while the node still hangs.
 */
import { it } from 'vitest';
import { useOwnCluster } from './helpers.js';
import { writeWhileSubscriberNodeStopped } from './stale-l1-scenario.js';

const own = useOwnCluster();

it('an instance whose bus subscriber node hangs (SIGSTOP, never killed) does not keep serving a value written meanwhile', async () => {
  await writeWhileSubscriberNodeStopped(own, 'hung');
}, 90_000);
