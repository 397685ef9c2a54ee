/** Thrown when the redis-server (or redis-cli) binary cannot be found. Tests must fail loudly, never skip. */
export class RedisNotInstalledError extends Error {
  constructor(
    message = 'redis-server not found (looked for REDIS_SERVER_BIN or redis-server on PATH). Install it: apt-get install -y redis-server',
  ) {
    super(message);
    this.name = 'RedisNotInstalledError';
  }
}

/** Thrown when a redis-server process exits during startup or does not answer PING in time. */
export class RedisStartError extends Error {
  /** true when the server could not bind its port (or cluster bus port): another process took it */
  readonly portInUse: boolean;

  constructor(message: string, options: { portInUse?: boolean } = {}) {
    super(message);
    this.name = 'RedisStartError';
    this.portInUse = options.portInUse ?? false;
  }
}

/** Thrown when the memcached binary cannot be found. Tests must fail loudly, never skip. */
export class MemcachedNotInstalledError extends Error {
  constructor(message = 'memcached not found (looked for MEMCACHED_BIN or memcached on PATH). Install it: apt-get install -y memcached') {
    super(message);
    this.name = 'MemcachedNotInstalledError';
  }
}

/** Thrown when a memcached process exits during startup or does not answer in time. */
export class MemcachedStartError extends Error {
  /** true when the server could not bind its port: another process took it */
  readonly portInUse: boolean;

  constructor(message: string, options: { portInUse?: boolean } = {}) {
    super(message);
    this.name = 'MemcachedStartError';
    this.portInUse = options.portInUse ?? false;
  }
}
