/** A request the appliance refuses for a reason the person in front of it can act on. */
export class ApplianceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 409,
  ) {
    super(message);
    this.name = 'ApplianceError';
  }
}

/**
 * The appliance cannot start, for a reason the person starting it can fix: the message names the
 * problem and what to do (`shequ start` prints it as one line and exits 1).
 */
export class StartupError extends Error {
  constructor(
    readonly code:
      | 'http.port-in-use'
      | 'http.cannot-listen'
      | 'http.tls-unreadable'
      | 'data-dir.in-use'
      | 'config.invalid'
      | 'broker.unreachable'
      | `device-key.${'missing' | 'invalid' | 'permissions' | 'beside-data' | 'conflict' | 'mismatch'}`,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}
