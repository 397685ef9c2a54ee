/**
 * Error classes shared by every `@cache` package.
 *
 * Every error carries a stable `code` (compare codes, not messages), the
 * `cause` it wraps when there is one, and context fields (`key`, `tier`,
 * `option`). `isCacheError()` recognises errors thrown by any copy of this
 * package (duplicate installs), through a registered symbol rather than
 * `instanceof`.
 * @module
 */

/** Stable error codes. */
export const ErrorCode = {
  /** A tier could not reach its backend (connection refused, reset, closed). */
  Connection: 'CACHE_CONNECTION',
  /** An operation did not settle within its timeout. */
  Timeout: 'CACHE_TIMEOUT',
  /** A value could not be encoded, or stored bytes could not be decoded. */
  Serialization: 'CACHE_SERIALIZATION',
  /** An option passed to a constructor or factory is invalid. */
  InvalidOption: 'CACHE_INVALID_OPTION',
  /** An argument passed to an operation is invalid (key, value, ttl). */
  InvalidArgument: 'CACHE_INVALID_ARGUMENT',
  /** An entry can never fit (bigger than the tier's byte bound). */
  Capacity: 'CACHE_CAPACITY',
  /** The tier was closed. */
  Closed: 'CACHE_CLOSED',
  /** A loader (getOrSet/wrap) failed and no stale value could be served. */
  Loader: 'CACHE_LOADER',
  /** A backend refused or failed an operation for another reason. */
  Backend: 'CACHE_BACKEND',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const BRAND = Symbol.for('@cache/core.CacheError');

/** Context that errors may carry. */
export interface CacheErrorContext {
  /** The key the failing operation was about. */
  key?: string;
  /** The tier (name or kind) that raised the error. */
  tier?: string;
  /** The underlying error. */
  cause?: unknown;
}

/** Base class of every error thrown by `@cache` packages. */
export class CacheError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** The key the failing operation was about, if any. */
  readonly key: string | undefined;
  /** The tier that raised the error, if known. */
  readonly tier: string | undefined;

  constructor(code: ErrorCode, message: string, context: CacheErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.key = context.key;
    this.tier = context.tier;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** The backend could not be reached. */
export class ConnectionError extends CacheError {
  constructor(message: string, context?: CacheErrorContext) {
    super(ErrorCode.Connection, message, context);
  }
}

/** An operation did not complete within its time budget. */
export class TimeoutError extends CacheError {
  /** The budget that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, context?: CacheErrorContext) {
    super(ErrorCode.Timeout, message, context);
    this.timeoutMs = timeoutMs;
  }
}

/** Encoding a value or decoding stored bytes failed. */
export class SerializationError extends CacheError {
  constructor(message: string, context?: CacheErrorContext) {
    super(ErrorCode.Serialization, message, context);
  }
}

/** A constructor or factory option is invalid; `option` names it. */
export class InvalidOptionError extends CacheError {
  /** The option's name, e.g. `ttl` or `maxEntries`. */
  readonly option: string;
  constructor(option: string, message: string, context?: CacheErrorContext) {
    super(ErrorCode.InvalidOption, message, context);
    this.option = option;
  }
}

/** An argument to an operation is invalid; `argument` names it. */
export class InvalidArgumentError extends CacheError {
  /** The argument's name, e.g. `key`, `value` or `ttl`. */
  readonly argument: string;
  constructor(argument: string, message: string, context?: CacheErrorContext) {
    super(ErrorCode.InvalidArgument, message, context);
    this.argument = argument;
  }
}

/** An entry can never fit in the tier. */
export class CapacityError extends CacheError {
  /** The entry's size as measured by the tier. */
  readonly size: number;
  /** The bound it exceeds. */
  readonly limit: number;
  constructor(message: string, size: number, limit: number, context?: CacheErrorContext) {
    super(ErrorCode.Capacity, message, context);
    this.size = size;
    this.limit = limit;
  }
}

/** The tier was used after `close()`. */
export class ClosedError extends CacheError {
  constructor(message: string, context?: CacheErrorContext) {
    super(ErrorCode.Closed, message, context);
  }
}

/** A loader failed and nothing could be served instead. */
export class LoaderError extends CacheError {
  constructor(message: string, context?: CacheErrorContext) {
    super(ErrorCode.Loader, message, context);
  }
}

/** The backend failed an operation for a reason other than connection or timeout. */
export class BackendError extends CacheError {
  constructor(message: string, context?: CacheErrorContext) {
    super(ErrorCode.Backend, message, context);
  }
}

/** Every error class, by short name. */
export const errors = {
  CacheError,
  ConnectionError,
  TimeoutError,
  SerializationError,
  InvalidOptionError,
  InvalidArgumentError,
  CapacityError,
  ClosedError,
  LoaderError,
  BackendError,
} as const;

/**
 * True for errors thrown by any copy of @cache/core, even when several
 * versions are installed side by side. Pass `code` to also check the code.
 */
export function isCacheError(error: unknown, code?: ErrorCode): error is CacheError {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (error as CacheError).code === code;
}
