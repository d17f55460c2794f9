/** Link failures are typed errors; what was scanned (or refused) is a verdict value (types.ts). */

export type ScannerLinkErrorCode =
  | 'SCANNER_OPEN_FAILED'
  | 'SCANNER_NO_PERMISSION'
  | 'SCANNER_HID_UNAVAILABLE'
  | 'SCANNER_DISCONNECTED';

export class ScannerLinkError extends Error {
  override name = 'ScannerLinkError';
  readonly code: ScannerLinkErrorCode;

  constructor(code: ScannerLinkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isScannerLinkError(err: unknown): err is ScannerLinkError {
  return err instanceof ScannerLinkError;
}
