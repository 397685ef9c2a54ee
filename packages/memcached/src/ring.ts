/**
 * Ketama consistent hashing (the MD5 point scheme of libmemcached and
 * spymemcached): each server takes 160 points on a 32-bit circle, four per
 * MD5 digest of `"host:port-i"`; a key goes to the first point at or after
 * the first four bytes of its MD5 (little-endian). Placement depends on the
 * server list, not its order, and adding or removing one of N servers
 * moves about 1/N of the keys. (Other clients name the points slightly
 * differently, so do not expect them to find the same keys on the same
 * servers.)
 *
 * A server that is down is skipped: its keys go to the next point's server
 * while it is away, and come back when it does.
 * @module
 */
import { createHash } from 'node:crypto';

/** Points each server takes on the circle. */
export const POINTS_PER_SERVER = 160;

/** MD5 of `bytes`. */
function md5(bytes: Buffer | string): Buffer {
  return createHash('md5').update(bytes).digest();
}

/** The position of a key on the circle. */
export function ketamaHash(key: Buffer): number {
  return md5(key).readUInt32LE(0);
}

/** The circle of one server list (see the module doc). */
export class KetamaRing {
  /** Point positions, ascending. */
  readonly #points: Uint32Array;
  /** The server index of each point. */
  readonly #owners: Uint16Array;
  readonly #servers: number;

  /** @param addresses each server as `host:port`, in the order the tier lists them */
  constructor(addresses: readonly string[]) {
    const points: { position: number; owner: number }[] = [];
    addresses.forEach((address, owner) => {
      for (let i = 0; i < POINTS_PER_SERVER / 4; i++) {
        const digest = md5(`${address}-${i}`);
        for (let h = 0; h < 4; h++) points.push({ position: digest.readUInt32LE(h * 4), owner });
      }
    });
    points.sort((a, b) => a.position - b.position || a.owner - b.owner);
    this.#points = Uint32Array.from(points, (point) => point.position);
    this.#owners = Uint16Array.from(points, (point) => point.owner);
    this.#servers = addresses.length;
  }

  /**
   * The server for a key at `position`: the owner of the first point at or
   * after it whose server `up` accepts; the first point's owner when none
   * does (the caller then fails fast on that server).
   */
  serverFor(position: number, up: (server: number) => boolean): number {
    const points = this.#points;
    if (this.#servers === 1) return 0;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (points[middle]! < position) low = middle + 1;
      else high = middle;
    }
    const start = low === points.length ? 0 : low;
    for (let i = 0; i < points.length; i++) {
      const owner = this.#owners[(start + i) % points.length]!;
      if (up(owner)) return owner;
    }
    return this.#owners[start]!;
  }
}
