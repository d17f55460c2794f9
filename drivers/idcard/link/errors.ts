/**
 * Link failures are typed errors; what the SAM says about a card is a verdict value (protocol/status.ts).
 */

export type ReaderLinkErrorCode =
  | 'LINK_OPEN_FAILED'
  | 'LINK_CLOSED'
  | 'LINK_TIMEOUT'
  | 'LINK_WRITE_FAILED'
  | 'LINK_BAD_REPLY'
  | 'LINK_NO_DEVICE';

export class ReaderLinkError extends Error {
  override name = 'ReaderLinkError';
  readonly code: ReaderLinkErrorCode;

  constructor(code: ReaderLinkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isReaderLinkError(err: unknown): err is ReaderLinkError {
  return err instanceof ReaderLinkError;
}
