/**
 * A failed call to a neighbour, sorted by what the caller should do about it. Messages name the call, never its body.
 */
export abstract class NeighbourError extends Error {
  constructor(
    readonly neighbour: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${neighbour}: ${message}`, options);
  }
}

/**
 * Transport failure, timeout, 5xx, 408 or 429. The call may have taken effect: repeat it with the same idempotency key.
 */
export class NeighbourUnavailableError extends NeighbourError {
  override readonly name = 'NeighbourUnavailableError';

  constructor(
    neighbour: string,
    readonly reason: 'timeout' | 'network' | 'status',
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(neighbour, message, options);
  }
}

/** 409 or 422: the neighbour's final business answer (`code`, e.g. `driver_blocked`, `idempotency_conflict`). */
export class NeighbourRejectedError extends NeighbourError {
  override readonly name = 'NeighbourRejectedError';

  constructor(
    neighbour: string,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(neighbour, message);
  }
}

/** Any other 4xx, or an answer outside the contract: a bug on one side that retrying will not fix. */
export class NeighbourProtocolError extends NeighbourError {
  override readonly name = 'NeighbourProtocolError';

  constructor(
    neighbour: string,
    message: string,
    readonly status?: number,
  ) {
    super(neighbour, message);
  }
}
