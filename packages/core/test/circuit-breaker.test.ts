import { describe, expect, it } from 'vitest';
import { FakeClock } from '@cache/core/testing';
import { CircuitBreaker, type CircuitState } from '../src/remote/index.js';

function breaker(failureThreshold = 3, resetTimeout = 1000) {
  const clock = new FakeClock();
  const changes: CircuitState[] = [];
  const cb = new CircuitBreaker({ failureThreshold, resetTimeout }, clock, (s) => changes.push(s));
  return { cb, clock, changes };
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures and then refuses calls', () => {
    const { cb, changes } = breaker(3);
    cb.failure();
    cb.failure();
    expect(cb.allow()).toBe(true);
    cb.failure();
    expect(cb.state).toBe('open');
    expect(cb.allow()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('a success resets the consecutive count', () => {
    const { cb } = breaker(3);
    cb.failure();
    cb.failure();
    cb.success();
    cb.failure();
    cb.failure();
    expect(cb.state).toBe('closed');
  });

  it('lets exactly one probe through after resetTimeout; its success closes the circuit', () => {
    const { cb, clock, changes } = breaker(1, 1000);
    cb.failure();
    clock.advance(999);
    expect(cb.allow()).toBe(false);
    clock.advance(1);
    expect(cb.allow()).toBe(true);
    expect(cb.state).toBe('half-open');
    expect(cb.allow()).toBe(false);
    cb.success();
    expect(cb.state).toBe('closed');
    expect(cb.allow()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens the circuit for another resetTimeout', () => {
    const { cb, clock } = breaker(1, 1000);
    cb.failure();
    clock.advance(1000);
    expect(cb.allow()).toBe(true);
    cb.failure();
    expect(cb.state).toBe('open');
    clock.advance(500);
    expect(cb.allow()).toBe(false);
    clock.advance(500);
    expect(cb.allow()).toBe(true);
  });

  it('reset() closes an open circuit', () => {
    const { cb } = breaker(1);
    cb.failure();
    cb.reset();
    expect(cb.state).toBe('closed');
    expect(cb.allow()).toBe(true);
  });
});
