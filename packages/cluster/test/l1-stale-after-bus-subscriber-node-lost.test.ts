/**
 * Regression: two MultiLevelCache instances over a cluster-backed bus. When
 * the node B's bus subscribed on died, B's subscription moved to another
 * node silently, so the write A published while B could not hear it was
 * lost and B's L1 kept serving the old value for the rest of its TTL.
 *
 * Deterministic gap, on a cluster of this file's own: B's subscriber node is
 * SIGSTOPped (it hears nothing from then on), A writes and publishes, then
 * the node is SIGKILLed (what it had not delivered is gone). Once B's bus is
 * back, B must not serve the old value: its L1 is flushed when the bus
 * reports the subscription regained (the key's TTL is 10 minutes, far beyond
 * the deadline, and its master is another node, so no level fails).
 */
import { it } from 'vitest';
import { useOwnCluster } from './helpers.js';
import { writeWhileSubscriberNodeStopped } from './stale-l1-scenario.js';

const own = useOwnCluster();

it('an instance whose bus subscriber node died does not keep serving a value written while it could not hear', async () => {
  await writeWhileSubscriberNodeStopped(own, 'killed');
}, 90_000);
