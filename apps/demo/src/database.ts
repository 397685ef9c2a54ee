/**
 * The demo's slow data source: users and products generated from their id,
 * served after a configurable latency, with a switch that makes every query
 * fail (to watch the tiered cache serve stale values while the "database"
 * is down). Counts its queries, so the dashboard can show how many reads the
 * cache saved.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A user record. */
export interface User {
  id: number;
  name: string;
  email: string;
}

/** A product record. */
export interface Product {
  id: number;
  name: string;
  price: number;
}

/** Raised while the simulated database is down. */
export class DatabaseDownError extends Error {
  override readonly name = 'DatabaseDownError';
  constructor() {
    super('the demo database is down (switch it back on from the dashboard or POST /api/database {"up": true})');
  }
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Frances', 'John', 'Katherine', 'Linus', 'Margaret'];
const PRODUCTS = ['Widget', 'Gadget', 'Sprocket', 'Gizmo', 'Doohickey', 'Thingamajig'];

/** Settings of {@link Database}. */
export interface DatabaseOptions {
  /** Milliseconds each query takes. @default 40 */
  latencyMs?: number;
}

/** The simulated database. */
export class Database {
  /** Milliseconds each query takes. */
  latencyMs: number;
  #up = true;
  #queries = 0;
  #failures = 0;

  constructor(options: DatabaseOptions = {}) {
    this.latencyMs = options.latencyMs ?? 40;
  }

  /** Whether queries succeed. */
  get up(): boolean {
    return this.#up;
  }

  /** Takes the database down (every query fails) or brings it back. */
  setUp(up: boolean): void {
    this.#up = up;
  }

  /** Queries answered or failed so far. */
  get queries(): number {
    return this.#queries;
  }

  /** Queries that failed because the database was down. */
  get failures(): number {
    return this.#failures;
  }

  /** The user `id` (the seed's `user:123` is John). */
  async user(id: number): Promise<User> {
    await this.#query();
    const name = id === 123 ? 'John' : `${FIRST_NAMES[id % FIRST_NAMES.length]!} ${id}`;
    return { id, name, email: `${name.split(' ')[0]!.toLowerCase()}${id === 123 ? '' : id}@example.com` };
  }

  /** The product `id` (the seed's `product:456` is a Widget at 29.99). */
  async product(id: number): Promise<Product> {
    await this.#query();
    if (id === 456) return { id, name: 'Widget', price: 29.99 };
    return { id, name: `${PRODUCTS[id % PRODUCTS.length]!} ${id}`, price: Math.round(((id * 7919) % 10_000) + 99) / 100 };
  }

  async #query(): Promise<void> {
    this.#queries++;
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { ref: false });
    if (!this.#up) {
      this.#failures++;
      throw new DatabaseDownError();
    }
  }
}
