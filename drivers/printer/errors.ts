/** Broken links and misuse are typed errors with a stable `code`; device verdicts are values (PrinterStatus). */
export class PrinterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidPrinterUriError extends PrinterError {
  constructor(uri: string, why: string) {
    super('printer.invalid_uri', `invalid printer URI '${uri}': ${why}`);
  }
}

export class PrinterUnreachableError extends PrinterError {
  constructor(target: string, cause?: unknown) {
    super('printer.unreachable', `cannot reach printer at ${target}: ${describe(cause)}`, { cause });
  }
}

export class PrinterConnectionLostError extends PrinterError {
  constructor(target: string, cause?: unknown) {
    super('printer.connection_lost', `connection to printer at ${target} lost: ${describe(cause)}`, {
      cause,
    });
  }
}

export class PrinterStatusTimeoutError extends PrinterError {
  constructor(target: string, ms: number) {
    super('printer.status_timeout', `printer at ${target} did not answer DLE EOT within ${ms} ms`);
  }
}

export class PrinterClosedError extends PrinterError {
  constructor(jobId?: string) {
    super('printer.closed', jobId ? `printer closed before job ${jobId} was printed` : 'printer is closed');
  }
}

export class UnknownJobError extends PrinterError {
  constructor(jobId: string) {
    super('printer.unknown_job', `job ${jobId} is not in the printer's recent jobs, cannot reprint`);
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? 'unknown reason' : String(cause);
}
