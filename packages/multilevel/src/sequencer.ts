/**
 * Per-key write sequencing: writes of one key (set, delete, a loaded value,
 * a batch naming it) run one after the other, each through every level, so
 * every level ends with the value of the same, last write. Without it two
 * concurrent writes whose acknowledgements from a slow level arrive out of
 * order leave the faster levels with one value and the slower with the
 * other. Writes of different keys never wait for each other; a key with no
 * write in flight costs one map lookup, and its write starts synchronously.
 * @module
 */

/** The tails of the write queues, per key. */
export class KeyedSequencer {
  readonly #tails = new Map<string, Promise<void>>();

  /** Keys with a write in flight. */
  get size(): number {
    return this.#tails.size;
  }

  /** Runs `work` once every earlier write of `keys` has settled. */
  run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    let before: Promise<void>[] | undefined;
    for (const key of keys) {
      const tail = this.#tails.get(key);
      if (tail !== undefined) (before ??= []).push(tail);
    }
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    for (const key of keys) this.#tails.set(key, mine);
    const running = before === undefined ? start(work) : Promise.all(before).then(work);
    const finish = () => {
      for (const key of keys) if (this.#tails.get(key) === mine) this.#tails.delete(key);
      done();
    };
    running.then(finish, finish);
    return running;
  }

  /** Resolves once every write in flight now has settled. */
  async idle(): Promise<void> {
    await Promise.all([...new Set(this.#tails.values())]);
  }
}

function start<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
  }
}
