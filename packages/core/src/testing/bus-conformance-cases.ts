/**
 * The cases of the bus conformance suite: the {@link InvalidationBus}
 * contract as plain async functions that throw (node:assert) on failure.
 *
 * A bus delivers asynchronously, so a case that checks that something did
 * NOT arrive first sends a marker after it and waits for the marker
 * (`settle`): on a bus that keeps a publisher's order the check is then
 * exact; on one that does not (a Redis Cluster), it can only miss a wrong
 * delivery, never fail a right one. Cases that send an older version wait
 * until the newer one has arrived first, so reordering on the wire never
 * fails a correct bus.
 * @module
 */
import assert from 'node:assert/strict';
import type { BusStatus, InvalidationBus, InvalidationMessage } from '../bus.js';
import { ErrorCode, isCacheError } from '../errors.js';

/** A wall clock in 1970: a bus on it stamps versions older than any real one. */
export const OLD_CLOCK = (): number => 1_000_000;
/** A wall clock a day ahead: a bus on it stamps versions newer than any real one. */
export const NEW_CLOCK = (): number => Date.now() + 86_400_000;

/** What the messages one handler received look like to a case. */
export interface Received {
  /** Messages received, in order. */
  readonly messages: InvalidationMessage[];
  /** Removes the handler. */
  readonly off: () => void;
}

/** What a bus case gets to work with. */
export interface BusConformanceContext {
  /** A new bus in the case's channel space (closed after the case); its versions come from `now`. @default now Date.now */
  bus: (now?: () => number) => Promise<InvalidationBus>;
  /** A namespace no other case uses. */
  namespace: string;
  /** Subscribes a recording handler to `namespace` (default: the case's). */
  record: (bus: InvalidationBus, namespace?: string) => Promise<Received>;
  /** Waits (up to 10 s) until `check()` holds; fails the case with `what` otherwise. */
  until: (check: () => boolean, what: string) => Promise<void>;
  /** Publishes a marker from `from` and waits until `at` received it; returns the marker's key. */
  settle: (from: InvalidationBus, at: Received, namespace?: string) => Promise<string>;
  /** Makes `bus` lose its subscription (harness `interrupt`); only in cases with `needs: 'interrupt'`. */
  interrupt: (bus: InvalidationBus) => Promise<void>;
}

/** One behaviour of the bus contract. */
export interface BusConformanceCase {
  /** A spec sentence. */
  name: string;
  /** A harness hook the case needs; without it the case is not registered. */
  needs?: 'interrupt';
  /** Throws when the bus fails the case. */
  run: (context: BusConformanceContext) => Promise<void>;
}

const keysOf = (received: Received) => received.messages.map((m) => `${m.kind}:${m.keys.join(',')}`);
const rejectsWith = (code: ErrorCode) => (error: unknown) => {
  assert.ok(isCacheError(error, code), `expected a ${code} error, got ${String(error)}`);
  return true;
};

/** The bus cases (see the module note on how they wait). */
export const busConformanceCases: readonly BusConformanceCase[] = [
  {
    name: 'a message reaches the other instances with its fields, and not its publisher',
    async run({ bus, namespace, record, until, settle }) {
      const [a, b, c] = [await bus(), await bus(), await bus()];
      const [atA, atB, atC] = [await record(a), await record(b), await record(c)];
      await a.publish({ namespace, kind: 'set', keys: ['k1', 'k2'] });
      await until(() => atB.messages.length === 1 && atC.messages.length === 1, 'the message at both other instances');
      for (const message of [atB.messages[0]!, atC.messages[0]!]) {
        assert.equal(message.instanceId, a.instanceId);
        assert.equal(message.namespace, namespace);
        assert.equal(message.kind, 'set');
        assert.deepEqual([...message.keys], ['k1', 'k2']);
        assert.ok(Number.isFinite(message.version), 'a numeric version');
      }
      const marker = await settle(b, atA);
      assert.deepEqual(keysOf(atA), [`set:${marker}`], 'the publisher does not receive its own message');
    },
  },
  {
    name: 'kinds and keys arrive as published; clear carries no keys',
    async run({ bus, namespace, record, until }) {
      const [a, b] = [await bus(), await bus()];
      const cleared = `${namespace}:clear`;
      const [atB, clears] = [await record(b), await record(b, cleared)];
      const odd = 'user:42/ü 🙂 "quoted" \\ {json}';
      await a.publish({ namespace, kind: 'set', keys: ['x', odd] });
      await a.publish({ namespace, kind: 'delete', keys: ['y', 'z'] });
      await a.publish({ namespace: cleared, kind: 'clear', keys: [] });
      await until(() => atB.messages.length === 2 && clears.messages.length === 1, 'three messages');
      assert.deepEqual(keysOf(atB).sort(), ['delete:y,z', `set:x,${odd}`]);
      assert.deepEqual(atB.messages.map((m) => m.namespace), [namespace, namespace]);
      assert.deepEqual(clears.messages.map((m) => [m.namespace, m.kind, m.keys.length]), [[cleared, 'clear', 0]]);
    },
  },
  {
    name: "origin 'cache' arrives as published; a message published without one (or as 'write') arrives as a write",
    async run({ bus, namespace, record, until }) {
      const [a, b] = [await bus(), await bus()];
      const atB = await record(b);
      await a.publish({ namespace, kind: 'set', keys: ['loaded'], origin: 'cache' });
      await a.publish({ namespace, kind: 'delete', keys: ['written'], origin: 'write' });
      await a.publish({ namespace, kind: 'set', keys: ['plain'] });
      await until(() => atB.messages.length === 3, 'three messages');
      const origins = Object.fromEntries(atB.messages.map((m) => [m.keys[0], m.origin ?? 'write']));
      assert.deepEqual(origins, { loaded: 'cache', written: 'write', plain: 'write' });
    },
  },
  {
    name: 'a handler gets only its namespace',
    async run({ bus, namespace, record, until, settle }) {
      const [a, b] = [await bus(), await bus()];
      const [atB, otherAtB] = [await record(b), await record(b, `${namespace}:other`)];
      await a.publish({ namespace: `${namespace}:other`, kind: 'delete', keys: ['elsewhere'] });
      await until(() => otherAtB.messages.length === 1, 'the message at the other namespace');
      const marker = await settle(a, atB);
      assert.deepEqual(keysOf(atB), [`set:${marker}`]);
      assert.deepEqual(keysOf(otherAtB), ['delete:elsewhere']);
    },
  },
  {
    name: 'unsubscribe stops one handler, others keep receiving; a namespace can be subscribed again',
    async run({ bus, namespace, record, until, settle }) {
      const [a, b] = [await bus(), await bus()];
      const [first, second] = [await record(b), await record(b)];
      first.off();
      first.off(); // twice: nothing more happens
      await a.publish({ namespace, kind: 'delete', keys: ['k'] });
      await until(() => second.messages.length === 1, 'the message at the remaining handler');
      second.off();
      const again = await record(b);
      const marker = await settle(a, again);
      assert.deepEqual(keysOf(first), []);
      assert.deepEqual(keysOf(second), ['delete:k']);
      assert.deepEqual(keysOf(again), [`set:${marker}`]);
    },
  },
  {
    name: "one publisher's versions increase",
    async run({ bus, namespace, record, until }) {
      const [a, b] = [await bus(), await bus()];
      const atB = await record(b);
      for (const key of ['v1', 'v2', 'v3']) await a.publish({ namespace, kind: 'set', keys: [key] });
      await until(() => atB.messages.length === 3, 'three messages');
      const versions = ['v1', 'v2', 'v3'].map((key) => atB.messages.find((m) => m.keys[0] === key)!.version);
      assert.ok(versions[0]! < versions[1]! && versions[1]! < versions[2]!, `versions ${versions.join(' < ')} increase`);
    },
  },
  {
    name: 'an older version of a key after a newer one is not delivered; other keys are',
    async run({ bus, namespace, record, until, settle }) {
      const [fresh, late, c] = [await bus(NEW_CLOCK), await bus(OLD_CLOCK), await bus()];
      const atC = await record(c);
      await fresh.publish({ namespace, kind: 'set', keys: ['k'] });
      await until(() => atC.messages.length === 1, 'the newer message');
      await late.publish({ namespace, kind: 'delete', keys: ['k', 'j'] });
      await late.publish({ namespace, kind: 'set', keys: ['k'] });
      const marker = await settle(late, atC);
      assert.deepEqual(keysOf(atC), ['set:k', 'delete:j', `set:${marker}`], 'k stays as the newer message left it');
    },
  },
  {
    name: 'after a clear, older messages (and older clears) are not delivered',
    async run({ bus, namespace, record, until, settle }) {
      const [fresh, late, c] = [await bus(NEW_CLOCK), await bus(OLD_CLOCK), await bus()];
      const atC = await record(c);
      await fresh.publish({ namespace, kind: 'clear', keys: [] });
      await until(() => atC.messages.length === 1, 'the clear');
      await late.publish({ namespace, kind: 'set', keys: ['x'] });
      await late.publish({ namespace, kind: 'clear', keys: [] });
      const marker = await settle(fresh, atC);
      assert.deepEqual(keysOf(atC), ['clear:', `set:${marker}`]);
    },
  },
  {
    name: 'a late message cannot undo a newer local write',
    async run({ bus, namespace, record, settle }) {
      const [late, c] = [await bus(OLD_CLOCK), await bus()];
      const atC = await record(c);
      await c.publish({ namespace, kind: 'set', keys: ['k'] });
      await late.publish({ namespace, kind: 'delete', keys: ['k'] });
      const marker = await settle(late, atC);
      assert.deepEqual(keysOf(atC), [`set:${marker}`]);
    },
  },
  {
    name: "a change of origin 'cache' (sent or received) does not keep an older write of the key from arriving",
    async run({ bus, namespace, record, until }) {
      const [late, c, ahead] = [await bus(OLD_CLOCK), await bus(), await bus(NEW_CLOCK)];
      const atC = await record(c);
      await c.publish({ namespace, kind: 'set', keys: ['mine'], origin: 'cache' });
      await ahead.publish({ namespace, kind: 'set', keys: ['theirs'], origin: 'cache' });
      await until(() => atC.messages.length === 1, "the other instance's change");
      await late.publish({ namespace, kind: 'delete', keys: ['mine', 'theirs'] });
      await until(() => atC.messages.length === 2, 'the older write');
      assert.deepEqual(keysOf(atC), ['set:theirs', 'delete:mine,theirs']);
    },
  },
  {
    name: 'bad publishes and subscribes reject with InvalidArgumentError and send nothing',
    async run({ bus, namespace, record, settle }) {
      const [a, b] = [await bus(), await bus()];
      const atB = await record(b);
      const bad: unknown[] = [
        undefined,
        { namespace: '', kind: 'set', keys: ['k'] },
        { namespace: 42, kind: 'set', keys: ['k'] },
        { namespace, kind: 'upsert', keys: ['k'] },
        { namespace, kind: 'set', keys: 'k' },
        { namespace, kind: 'delete', keys: ['ok', ''] },
        { namespace, kind: 'delete', keys: ['ok', 7] },
        { namespace, kind: 'set', keys: ['ok'], origin: 'loader' },
      ];
      for (const message of bad) await assert.rejects(a.publish(message as never), rejectsWith(ErrorCode.InvalidArgument));
      await assert.rejects(b.subscribe('', () => {}), rejectsWith(ErrorCode.InvalidArgument));
      await assert.rejects(b.subscribe(namespace, 'handler' as never), rejectsWith(ErrorCode.InvalidArgument));
      const marker = await settle(a, atB);
      assert.deepEqual(keysOf(atB), [`set:${marker}`], 'none of the rejected messages was sent');
    },
  },
  {
    name: 'after close(): publish and subscribe reject with ClosedError, close() again resolves, nothing is delivered',
    async run({ bus, namespace, record, settle }) {
      const [a, b, c] = [await bus(), await bus(), await bus()];
      const [atB, atC] = [await record(b), await record(c)];
      await b.close();
      await b.close();
      await assert.rejects(b.publish({ namespace, kind: 'set', keys: ['k'] }), rejectsWith(ErrorCode.Closed));
      await assert.rejects(b.subscribe(namespace, () => {}), rejectsWith(ErrorCode.Closed));
      await a.publish({ namespace, kind: 'delete', keys: ['k'] });
      const marker = await settle(a, atC);
      assert.deepEqual(keysOf(atC), ['delete:k', `set:${marker}`]);
      assert.deepEqual(keysOf(atB), [], 'a closed bus delivers nothing');
    },
  },
  {
    name: 'reports losing and regaining its subscription, and delivers again afterwards',
    needs: 'interrupt',
    async run({ bus, namespace, record, until, interrupt }) {
      const [a, b] = [await bus(), await bus()];
      const atB = await record(b);
      const statuses: BusStatus[] = [];
      const off = b.onStatus((status) => statuses.push(status));
      await interrupt(b);
      await until(() => statuses.includes('unsubscribed') && statuses.at(-1) === 'subscribed', "'unsubscribed', then 'subscribed'");
      off();
      await a.publish({ namespace, kind: 'set', keys: ['back'] });
      await until(() => atB.messages.length === 1, 'a message after the subscription came back');
      assert.deepEqual(keysOf(atB), ['set:back']);
    },
  },
];
