/**
 * Connection ownership over a tier's life: the client events the tier
 * listens to (and forwards as its own `connect` / `disconnect` / `error`;
 * each connect also calibrates the write fence), `ready()`, and releasing the
 * client on close — after the calls in flight settled; closed when the tier
 * owns it, left open when it is yours.
 * @module
 */
import { calibrateFence } from '../failure/fence.js';
import { closeClient, whenConnected, type RedisClient } from './connection.js';
import type { RedisTierCore } from './tier-core.js';

/** Listens to the client's `ready`, `close` and `error`; returns the function that stops listening. */
export function attachClient(t: RedisTierCore<unknown, RedisClient>): () => void {
  const client = t.client;
  const onReady = () => {
    t.policy.connectionReady();
    void calibrateFence(t.fence, client);
    t.emit('connect');
  };
  if (client.status === 'ready') void calibrateFence(t.fence, client);
  const onClose = () => t.emit('disconnect');
  const onError = (error: unknown) => {
    if (t.closed) return;
    t.emit('error', t.policy.translate(error, 'connection', undefined), 'connection');
  };
  client.on('ready', onReady);
  client.on('close', onClose);
  client.on('error', onError);
  return () => {
    client.off('ready', onReady);
    client.off('close', onClose);
    client.off('error', onError);
  };
}

/** Closes a client the tier owns (call only when `t.owned`: a client you passed stays open). Always resolves. */
export async function closeOwnedClient(t: RedisTierCore<unknown, RedisClient>): Promise<void> {
  const client = t.client;
  client.on('error', noop); // an owned client must never raise an unhandled 'error' while closing
  await closeClient(client, t.options.commandTimeout);
}

/** RedisCache.ready: connected within `connectTimeout`, or ConnectionError (ClosedError after close). */
export function whenTierReady(t: RedisTierCore<unknown, RedisClient>): Promise<void> {
  if (t.closed) return Promise.reject(t.closedError());
  return whenConnected(t.client, t.options.connectTimeout, t.name);
}

/**
 * RedisCache.close: lets the calls entered before it settle (each within its
 * deadline: QUIT must not overtake an auto-pipeline still waiting to be
 * written), stops listening to the client, and closes it when the tier owns it.
 */
export async function closeTier(t: RedisTierCore<unknown, RedisClient>, detach: () => void): Promise<void> {
  await t.policy.drained();
  detach();
  if (t.owned) await closeOwnedClient(t);
}

function noop(): void {}
