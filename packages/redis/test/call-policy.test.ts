import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { RedisCallPolicy, type RedisCallPolicySettings } from '../src/failure/call-policy.js';

/** The policy only reads the client's status and flips its auto-pipelining flag. */
function setup(overrides: Partial<RedisCallPolicySettings> = {}) {
  const client = { status: 'ready', options: { enableAutoPipelining: true as boolean | undefined } };
  const clock = new FakeClock();
  const states: string[] = [];
  const policy = new RedisCallPolicy(client, {
    tier: 'redis',
    commandTimeout: 100,
    offlineQueue: 2,
    circuitBreaker: { failureThreshold: 2, resetTimeout: 1000 },
    adaptivePipelining: true,
    clock,
    onCircuit: (s) => states.push(s),
    ...overrides,
  });
  return { client, clock, policy, states };
}

const timedOut = () => new Error('Command timed out');

describe('call policy', () => {
  it('pipelines only while another command is in flight', () => {
    const { client, policy } = setup();
    const first = policy.enter('get', 'a');
    expect(client.options.enableAutoPipelining).toBe(false);
    const second = policy.enter('get', 'b');
    expect(client.options.enableAutoPipelining).toBe(true);
    policy.succeeded(first);
    policy.succeeded(second);
    policy.enter('get', 'c');
    expect(client.options.enableAutoPipelining).toBe(false);
  });

  it('bounds the commands waiting while disconnected and frees a slot when one settles', () => {
    const { client, policy } = setup({ circuitBreaker: undefined });
    client.status = 'reconnecting';
    const a = policy.enter('get', 'a');
    policy.enter('get', 'b');
    expect(() => policy.enter('get', 'c')).toThrow(expect.objectContaining({ code: ErrorCode.Connection }));
    policy.rejected(a, timedOut(), 'get', 'a');
    expect(policy.enter('get', 'd')).toBe(1);
  });

  it('opens on consecutive outages (not on other errors), refuses, then lets a probe through', () => {
    const { clock, policy, states } = setup();
    policy.rejected(policy.enter('get', 'a'), new Error('WRONGTYPE Operation against a key'), 'get', 'a');
    policy.rejected(policy.enter('get', 'a'), timedOut(), 'get', 'a');
    expect(policy.circuitState).toBe('closed');
    const failure = policy.rejected(policy.enter('get', 'a'), timedOut(), 'get', 'a');
    expect(failure.code).toBe(ErrorCode.Timeout);
    expect(policy.circuitState).toBe('open');
    expect(() => policy.enter('get', 'b')).toThrow(/circuit is open/);
    clock.advance(1000);
    policy.succeeded(policy.enter('get', 'probe'));
    expect(policy.circuitState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('call() settles through the policy and translates failures', async () => {
    const { policy } = setup();
    await expect(policy.call('get', 'a', () => Promise.resolve(7))).resolves.toBe(7);
    await expect(policy.call('get', 'a', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')))).rejects.toMatchObject({
      code: ErrorCode.Connection,
      key: 'a',
      tier: 'redis',
    });
    await expect(
      policy.call('get', 'a', () => {
        throw new Error('Connection is closed.');
      }),
    ).rejects.toMatchObject({ code: ErrorCode.Connection });
  });

  it('times every call out itself, from the moment it is made', async () => {
    const { policy } = setup({ commandTimeout: 20 });
    await expect(policy.call('get', 'a', () => new Promise(() => {}))).rejects.toMatchObject({ code: ErrorCode.Timeout, timeoutMs: 20 });
  });
});
